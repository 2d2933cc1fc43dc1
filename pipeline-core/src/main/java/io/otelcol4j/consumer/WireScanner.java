package io.otelcol4j.consumer;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks that bytes are a well-formed OTLP export request, and counts its items, without building
 * a single message object. A pass-through pipeline (receive, batch, forward) then never decodes what
 * it forwards: decoding is most of its CPU and ~10 bytes allocated per byte received.
 *
 * <p>What it accepts, protobuf-java's parser of the same message accepts, with the same counts (tests
 * check this against the real parser on generated, mutated and random inputs). It may refuse a few
 * odd encodings the parser takes (a repeated oneof member, protobuf-java's leniency about the tenth
 * byte of some varints): callers then parse for real, so the verdict is always the parser's. It
 * checks wire types, varints of at most ten bytes, lengths within the enclosing message, groups
 * closed by their own end tag, UTF-8 in every proto3 {@code string} field, packed repeated scalars
 * that fill their length exactly, and protobuf's nesting limit of 100. Unknown fields, and known
 * fields with another wire type, are skipped as the parser skips them.
 */
final class WireScanner {
  /** protobuf-java's default {@code CodedInputStream} recursion limit. */
  static final int RECURSION_LIMIT = 100;

  private static final int WT_VARINT = 0;
  private static final int WT_FIXED64 = 1;
  private static final int WT_LEN = 2;
  private static final int WT_START_GROUP = 3;
  private static final int WT_END_GROUP = 4;
  private static final int WT_FIXED32 = 5;

  // What a known field is, for its expected wire type.
  private static final byte SKIP = 0;
  private static final byte STRING = 1;
  private static final byte MESSAGE = 2;
  private static final byte PACKED_VARINT = 3;
  private static final byte PACKED_FIXED64 = 4;
  private static final byte PACKED_FIXED32 = 5;

  /** Per message type: for each field number, the wire type the parser expects and what it is. */
  static final class Schema {
    final String name;
    final boolean counted;
    byte[] wireType = new byte[0];
    byte[] kind = new byte[0];
    Schema[] child = new Schema[0];
    /** Oneof index + 1 of each field, 0 when the field is not in a oneof. */
    byte[] oneof = new byte[0];
    /** Oneof index + 1 of the oneof whose members may hold items (Metric.data), else 0. */
    int countingOneof;
    boolean mayHoldItems;

    Schema(String name, boolean counted) {
      this.name = name;
      this.counted = counted;
    }
  }

  /** The result of a scan: resources (top-level entries) and items. */
  record Counts(int resources, int items) {}

  /** Thrown for bytes the parser would refuse; the message says what and where. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  private final Schema root;

  /**
   * A scanner for the messages of {@code request}, counting the messages whose full names are in
   * {@code itemTypes}.
   */
  WireScanner(Descriptor request, Set<String> itemTypes) {
    Map<String, Schema> all = new HashMap<>();
    this.root = schema(request, itemTypes, all);
    // Which messages may hold items, directly or deeper: a fixpoint, since types nest each other.
    for (Schema s : all.values()) {
      s.mayHoldItems = s.counted;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Schema s : all.values()) {
        for (Schema c : s.child) {
          if (c != null && c.mayHoldItems && !s.mayHoldItems) {
            s.mayHoldItems = true;
            changed = true;
          }
        }
      }
    }
    for (Schema s : all.values()) {
      for (int f = 0; f < s.child.length; f++) {
        Schema c = s.child[f];
        if (c != null && c.mayHoldItems && s.oneof[f] != 0) {
          if (s.countingOneof != 0 && s.countingOneof != s.oneof[f]) {
            throw new IllegalArgumentException("more than one oneof holds items in " + s.name);
          }
          s.countingOneof = s.oneof[f];
        }
      }
    }
  }

  private static Schema schema(Descriptor d, Set<String> itemTypes, Map<String, Schema> done) {
    Schema s = done.get(d.getFullName());
    if (s != null) {
      return s;
    }
    s = new Schema(d.getName(), itemTypes.contains(d.getFullName()));
    done.put(d.getFullName(), s); // before the fields: AnyValue, ArrayValue and KeyValueList nest each other
    int max = 0;
    for (FieldDescriptor f : d.getFields()) {
      max = Math.max(max, f.getNumber());
    }
    byte[] wireType = new byte[max + 1];
    byte[] kind = new byte[max + 1];
    byte[] oneof = new byte[max + 1];
    Schema[] child = new Schema[max + 1];
    java.util.Arrays.fill(wireType, (byte) -1);
    for (FieldDescriptor f : d.getFields()) {
      int n = f.getNumber();
      if (f.getRealContainingOneof() != null) {
        oneof[n] = (byte) (f.getRealContainingOneof().getIndex() + 1);
      }
      switch (f.getType()) {
        case MESSAGE -> {
          wireType[n] = WT_LEN;
          kind[n] = MESSAGE;
          child[n] = schema(f.getMessageType(), itemTypes, done);
        }
        case GROUP -> throw new IllegalArgumentException("groups are not used by OTLP: " + f.getFullName());
        case STRING -> {
          wireType[n] = WT_LEN;
          kind[n] = STRING;
        }
        case BYTES -> wireType[n] = WT_LEN;
        case DOUBLE, FIXED64, SFIXED64 -> packable(f, wireType, kind, WT_FIXED64, PACKED_FIXED64);
        case FLOAT, FIXED32, SFIXED32 -> packable(f, wireType, kind, WT_FIXED32, PACKED_FIXED32);
        default -> packable(f, wireType, kind, WT_VARINT, PACKED_VARINT); // ints, bool, enum
      }
    }
    s.wireType = wireType;
    s.kind = kind;
    s.child = child;
    s.oneof = oneof;
    return s;
  }

  /**
   * A scalar field: its own wire type, or for a repeated one also the packed form (LEN), which the
   * parser accepts whichever form the schema declares; both are recorded by giving the packed kind
   * to wire type LEN and the plain kind (SKIP) to the scalar wire type.
   */
  private static void packable(FieldDescriptor f, byte[] wireType, byte[] kind, int scalarWireType, byte packedKind) {
    int n = f.getNumber();
    wireType[n] = (byte) scalarWireType;
    if (f.isRepeated()) {
      kind[n] = packedKind; // used only when the wire type is LEN, see scanField
    }
  }

  /** Checks {@code bytes} and counts resources and items, or says why the parser would refuse them. */
  Counts scan(byte[] bytes) throws MalformedException {
    Cursor c = new Cursor(bytes);
    int[] resources = new int[1];
    long items = scanMessage(c, bytes.length, root, 0, resources, -1);
    if (items > Integer.MAX_VALUE) {
      throw new MalformedException("more than " + Integer.MAX_VALUE + " items in one request");
    }
    return new Counts(resources[0], (int) items);
  }

  /** Reading position in the buffer; one per scan, so the scanner itself is thread-safe. */
  private static final class Cursor {
    final byte[] b;
    int pos;

    Cursor(byte[] b) {
      this.b = b;
    }
  }

  /**
   * Scans fields up to {@code end}, or up to the end tag of group {@code groupField} when it is not
   * -1. Returns the items found inside. {@code resources}, when not null, counts top-level field 1.
   */
  private long scanMessage(Cursor c, int end, Schema s, int depth, int[] resources, int groupField)
      throws MalformedException {
    long items = 0;
    int oneofField = -1; // the member of the counting oneof seen, if any
    while (c.pos < end) {
      long tagValue = readVarint(c, end, s);
      int tag = (int) tagValue;
      int field = tag >>> 3;
      int wt = tag & 7;
      if (field == 0) {
        throw new MalformedException("invalid tag (zero) in " + s.name + " at byte " + (c.pos - 1));
      }
      if (wt == WT_END_GROUP) {
        if (groupField == field) {
          return items;
        }
        throw new MalformedException("unexpected end-group tag in " + s.name + " at byte " + (c.pos - 1));
      }
      boolean known = field < s.wireType.length && s.wireType[field] >= 0;
      byte kind = known ? s.kind[field] : SKIP;
      int expected = known ? s.wireType[field] : -1;
      long found = 0;
      if (wt == WT_LEN && known && (expected == WT_LEN || kind >= PACKED_VARINT)) {
        int len = readLength(c, end, s);
        int stop = c.pos + len;
        if (kind == MESSAGE && expected == WT_LEN) {
          if (depth + 1 > RECURSION_LIMIT) {
            throw new MalformedException("protocol message nested more than " + RECURSION_LIMIT + " levels deep");
          }
          Schema child = s.child[field];
          found = scanMessage(c, stop, child, depth + 1, null, -1);
          if (child.counted) {
            found++;
          }
          if (resources != null && field == 1) {
            resources[0]++;
          }
        } else if (kind == STRING && expected == WT_LEN) {
          if (!Utf8.isValid(c.b, c.pos, stop)) {
            throw new MalformedException("invalid UTF-8 in a string field of " + s.name + " at byte " + c.pos);
          }
        } else if (kind == PACKED_VARINT) {
          while (c.pos < stop) {
            readVarint(c, stop, s);
          }
        } else if (kind == PACKED_FIXED64) {
          if (len % 8 != 0) {
            throw truncated(s);
          }
        } else if (kind == PACKED_FIXED32) {
          if (len % 4 != 0) {
            throw truncated(s);
          }
        }
        c.pos = stop;
      } else {
        skipField(c, end, s, wt, field, depth);
      }
      if (known && s.countingOneof != 0 && s.oneof[field] == s.countingOneof) {
        if (oneofField != -1 && field != oneofField) {
          // Which points survive a replaced oneof member is a detail of protobuf-java's builders
          // (it keeps the earlier member's builder); rare enough to leave to the parser.
          throw new MalformedException("data oneof of " + s.name + " set twice; decode instead");
        }
        oneofField = field;
      }
      items += found;
    }
    if (groupField != -1 || c.pos != end) {
      throw truncated(s);
    }
    return items;
  }

  private void skipField(Cursor c, int end, Schema s, int wt, int field, int depth) throws MalformedException {
    switch (wt) {
      case WT_VARINT -> readVarint(c, end, s);
      case WT_FIXED64 -> skip(c, end, 8, s);
      case WT_FIXED32 -> skip(c, end, 4, s);
      case WT_LEN -> skip(c, end, readLength(c, end, s), s);
      case WT_START_GROUP -> {
        if (depth + 1 > RECURSION_LIMIT) {
          throw new MalformedException("protocol message nested more than " + RECURSION_LIMIT + " levels deep");
        }
        scanMessage(c, end, UNKNOWN_GROUP, depth + 1, null, field);
      }
      default -> throw new MalformedException("invalid wire type " + wt + " in " + s.name + " at byte " + c.pos);
    }
  }

  /** The fields of an unknown group are all unknown: skipped with the same checks. */
  private static final Schema UNKNOWN_GROUP = new Schema("group", false);

  private static void skip(Cursor c, int end, int n, Schema s) throws MalformedException {
    if (end - c.pos < n) {
      throw truncated(s);
    }
    c.pos += n;
  }

  /** A length prefix: a varint whose low 32 bits are the length, as the parser reads it. */
  private static int readLength(Cursor c, int end, Schema s) throws MalformedException {
    int len = (int) readVarint(c, end, s);
    if (len < 0) {
      throw new MalformedException("negative length in " + s.name + " at byte " + c.pos);
    }
    if (end - c.pos < len) {
      throw truncated(s);
    }
    return len;
  }

  private static long readVarint(Cursor c, int end, Schema s) throws MalformedException {
    byte[] b = c.b;
    int p = c.pos;
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= end) {
        throw truncated(s);
      }
      byte x = b[p++];
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        c.pos = p;
        return v;
      }
    }
    throw new MalformedException("malformed varint (more than 10 bytes) in " + s.name + " at byte " + c.pos);
  }

  private static MalformedException truncated(Schema s) {
    return new MalformedException("truncated " + s.name + ": a field runs past the end of its message");
  }

  /** UTF-8 validation as Java's strict decoder and protobuf do it. */
  static final class Utf8 {
    private Utf8() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    static boolean isValid(byte[] b, int from, int to) {
      int i = from;
      while (i < to) {
        // Most telemetry text is ASCII: eight bytes per step while no byte has its high bit set.
        while (to - i >= 8 && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
          i += 8;
        }
        if (i >= to) {
          break;
        }
        int x = b[i];
        if (x >= 0) {
          i++;
          continue;
        }
        x &= 0xff;
        if (x < 0xc2) {
          return false; // continuation byte first, or overlong 2-byte form
        }
        if (x < 0xe0) {
          if (i + 1 >= to || !cont(b[i + 1])) {
            return false;
          }
          i += 2;
        } else if (x < 0xf0) {
          if (i + 2 >= to) {
            return false;
          }
          int y = b[i + 1] & 0xff;
          if (!cont(b[i + 1]) || !cont(b[i + 2])
              || (x == 0xe0 && y < 0xa0) // overlong
              || (x == 0xed && y >= 0xa0)) { // surrogate
            return false;
          }
          i += 3;
        } else if (x < 0xf5) {
          if (i + 3 >= to) {
            return false;
          }
          int y = b[i + 1] & 0xff;
          if (!cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])
              || (x == 0xf0 && y < 0x90) // overlong
              || (x == 0xf4 && y >= 0x90)) { // above U+10FFFF
            return false;
          }
          i += 4;
        } else {
          return false;
        }
      }
      return true;
    }

    private static boolean cont(byte b) {
      return (b & 0xc0) == 0x80;
    }
  }
}
