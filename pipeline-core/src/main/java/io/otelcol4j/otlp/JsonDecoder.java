package io.otelcol4j.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads OTLP/JSON into a message builder by walking the builder's descriptor: a small strict JSON
 * reader (RFC 8259) plus the protobuf JSON mapping, accepting both lowerCamelCase and original
 * field names, enums as integers or names, 64-bit integers as numbers or strings, and trace/span
 * ids as hex. Unknown fields are skipped (after checking their syntax). Errors name the path of
 * the offending value, e.g. {@code resourceSpans[0].scopeSpans[0].spans[3].traceId}.
 *
 * <p>One instance reads one document and is not thread-safe.
 */
final class JsonDecoder {
  /** Deeper nesting than this is rejected, so hostile input cannot exhaust the stack. */
  static final int MAX_NESTING = 100;

  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();

  private final String in;
  private final int len;
  private int pos;
  // The path of the value being read: field names as written, each with an array index or -1.
  private String[] names = new String[16];
  private int[] indices = new int[16];
  private int depth;
  private int nesting;

  private JsonDecoder(String in) {
    this.in = in;
    this.len = in.length();
  }

  /** Merges the JSON object in {@code json} into {@code root}. */
  static void parse(String json, Message.Builder root) {
    JsonDecoder d = new JsonDecoder(json);
    d.skipWhitespace();
    d.readMessage(root);
    d.skipWhitespace();
    if (d.pos < d.len) {
      throw d.syntax("end of input");
    }
  }

  private static Map<String, FieldDescriptor> fieldsOf(Descriptor descriptor) {
    return FIELDS.computeIfAbsent(descriptor, desc -> {
      Map<String, FieldDescriptor> m = new HashMap<>();
      for (FieldDescriptor fd : desc.getFields()) {
        m.put(fd.getName(), fd);
        m.put(fd.getJsonName(), fd);
      }
      return Map.copyOf(m);
    });
  }

  // ---- messages and fields

  private void readMessage(Message.Builder builder) {
    if (++nesting > MAX_NESTING) {
      throw new IllegalArgumentException("invalid JSON at " + path() + ": nested deeper than " + MAX_NESTING + " levels");
    }
    expect('{');
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      nesting--;
      return;
    }
    Map<String, FieldDescriptor> fields = fieldsOf(builder.getDescriptorForType());
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw syntax("a field name");
      }
      String key = readString();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      FieldDescriptor fd = fields.get(key);
      push(key);
      if (fd == null) {
        skipValue();
      } else {
        readField(builder, fd);
      }
      depth--;
      skipWhitespace();
      int c = next();
      if (c == '}') {
        break;
      }
      if (c != ',') {
        pos--;
        throw syntax("',' or '}'");
      }
    }
    nesting--;
  }

  private void readField(Message.Builder builder, FieldDescriptor fd) {
    if (consumeLiteral("null")) {
      return; // null means "the default", as in protobuf's JSON mapping
    }
    if (!fd.isRepeated()) {
      builder.setField(fd, readValue(builder, fd));
      return;
    }
    if (peek() != '[') {
      throw syntax("an array");
    }
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return;
    }
    for (int i = 0; ; i++) {
      indices[depth - 1] = i;
      skipWhitespace();
      builder.addRepeatedField(fd, readValue(builder, fd));
      skipWhitespace();
      int c = next();
      if (c == ']') {
        break;
      }
      if (c != ',') {
        pos--;
        throw syntax("',' or ']'");
      }
    }
    indices[depth - 1] = -1;
  }

  private Object readValue(Message.Builder parent, FieldDescriptor fd) {
    switch (fd.getType()) {
      case MESSAGE:
      case GROUP:
        if (peek() != '{') {
          throw syntax("an object");
        }
        Message.Builder sub = parent.newBuilderForField(fd);
        readMessage(sub);
        return sub.build();
      case STRING:
        if (peek() != '"') {
          throw syntax("a string");
        }
        return readString();
      case BYTES:
        return readBytes(fd);
      case BOOL:
        return readBool();
      case ENUM:
        return readEnum(fd.getEnumType());
      case INT32:
      case SINT32:
      case SFIXED32:
        return (int) readInteger(fd, Range.INT32);
      case UINT32:
      case FIXED32:
        return (int) readInteger(fd, Range.UINT32);
      case INT64:
      case SINT64:
      case SFIXED64:
        return readInteger(fd, Range.INT64);
      case UINT64:
      case FIXED64:
        return readInteger(fd, Range.UINT64);
      case DOUBLE:
        return readDouble(fd);
      case FLOAT:
        return (float) readDouble(fd);
      default:
        throw new IllegalStateException("unexpected field type " + fd.getType() + " of " + fd.getFullName());
    }
  }

  // ---- scalar values

  private ByteString readBytes(FieldDescriptor fd) {
    if (peek() != '"') {
      throw syntax("a string");
    }
    String text = readString();
    if (text.isEmpty()) {
      return ByteString.EMPTY;
    }
    if (OtlpIds.isId(fd)) {
      int n = OtlpIds.length(fd);
      if (text.length() != 2 * n) {
        throw invalid(OtlpIds.kind(fd), text, 2 * n + " hex characters");
      }
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        int hi = Character.digit(text.charAt(2 * i), 16);
        int lo = Character.digit(text.charAt(2 * i + 1), 16);
        if (hi < 0 || lo < 0) {
          throw invalid(OtlpIds.kind(fd), text, 2 * n + " hex characters");
        }
        out[i] = (byte) (hi << 4 | lo);
      }
      return ByteString.copyFrom(out);
    }
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException standard) {
      try {
        return ByteString.copyFrom(Base64.getUrlDecoder().decode(text));
      } catch (IllegalArgumentException urlSafe) {
        throw invalid("bytes value", text, "base64");
      }
    }
  }

  private boolean readBool() {
    if (consumeLiteral("true")) {
      return true;
    }
    if (consumeLiteral("false")) {
      return false;
    }
    if (peek() == '"') {
      String text = readString();
      if (text.equals("true") || text.equals("false")) {
        return text.equals("true");
      }
      throw invalid("bool value", text, "true or false");
    }
    throw syntax("true or false");
  }

  private EnumValueDescriptor readEnum(EnumDescriptor type) {
    if (peek() == '"') {
      String text = readString();
      EnumValueDescriptor v = type.findValueByName(text);
      if (v != null) {
        return v;
      }
      Long number = parseLong(text);
      if (number != null && number == number.intValue()) {
        return type.findValueByNumberCreatingIfUnknown(number.intValue());
      }
      String names = type.getValues().stream().map(EnumValueDescriptor::getName).collect(Collectors.joining(", "));
      throw invalid("enum value", text, "an integer or one of " + names);
    }
    String text = readNumberLiteral();
    Long number = parseLong(text);
    if (number == null || number != number.intValue()) {
      throw invalid("enum value", text, "a 32-bit integer");
    }
    return type.findValueByNumberCreatingIfUnknown(number.intValue());
  }

  /** The values an integer field takes; {@code min..max} is the part a {@code long} holds. */
  private enum Range {
    INT32(Integer.MIN_VALUE, Integer.MAX_VALUE, null),
    UINT32(0, 0xFFFF_FFFFL, null),
    INT64(Long.MIN_VALUE, Long.MAX_VALUE, null),
    UINT64(0, Long.MAX_VALUE, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));

    final long min;
    final long max;
    final BigInteger bigMin;
    final BigInteger bigMax;

    Range(long min, long max, @Nullable BigInteger bigMax) {
      this.min = min;
      this.max = max;
      this.bigMin = BigInteger.valueOf(min);
      this.bigMax = bigMax != null ? bigMax : BigInteger.valueOf(max);
    }
  }

  private long readInteger(FieldDescriptor fd, Range range) {
    String text = peek() == '"' ? readString() : readNumberLiteral();
    Long fast = parseLong(text);
    if (fast != null && fast >= range.min && fast <= range.max) {
      return fast;
    }
    BigInteger min = range.bigMin;
    BigInteger max = range.bigMax;
    BigInteger value = null;
    try {
      BigDecimal d = new BigDecimal(text);
      // Integer digits beyond 20 are out of every range; checked first so "1e999999999" stays cheap.
      if (d.precision() - d.scale() <= 21) {
        value = d.toBigIntegerExact();
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(typeName(fd) + " value", text, "an integer");
    }
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(typeName(fd) + " value", text, "an integer in [" + min + ", " + max + "]");
    }
    return value.longValue();
  }

  private double readDouble(FieldDescriptor fd) {
    String text;
    if (peek() == '"') {
      text = readString();
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          if (!isJsonNumber(text)) {
            throw invalid(typeName(fd) + " value", text, "a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
          }
      }
    } else {
      text = readNumberLiteral();
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d)) {
      throw invalid(typeName(fd) + " value", text, "a number in the range of a " + typeName(fd));
    }
    return d;
  }

  private static String typeName(FieldDescriptor fd) {
    return fd.getType().name().toLowerCase(Locale.ROOT);
  }

  /** The value of an optionally signed run of at most 18 digits, else null. */
  private static @Nullable Long parseLong(String text) {
    int n = text.length();
    int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
    if (i == n || n - i > 18) {
      return null;
    }
    long v = 0;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return text.charAt(0) == '-' ? -v : v;
  }

  private static boolean isJsonNumber(String text) {
    JsonDecoder d = new JsonDecoder(text);
    try {
      d.readNumberLiteral();
    } catch (IllegalArgumentException e) {
      return false;
    }
    return d.pos == text.length();
  }

  // ---- JSON syntax

  private void skipValue() {
    int c = peek();
    if (c == '{' || c == '[') {
      if (++nesting > MAX_NESTING) {
        throw new IllegalArgumentException("invalid JSON at " + path() + ": nested deeper than " + MAX_NESTING + " levels");
      }
      char close = c == '{' ? '}' : ']';
      pos++;
      skipWhitespace();
      if (peek() == close) {
        pos++;
        nesting--;
        return;
      }
      while (true) {
        skipWhitespace();
        if (close == '}') {
          if (peek() != '"') {
            throw syntax("a field name");
          }
          readString();
          skipWhitespace();
          expect(':');
          skipWhitespace();
        }
        skipValue();
        skipWhitespace();
        int n = next();
        if (n == close) {
          break;
        }
        if (n != ',') {
          pos--;
          throw syntax("',' or '" + close + "'");
        }
      }
      nesting--;
    } else if (c == '"') {
      readString();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      readNumberLiteral();
    } else if (!consumeLiteral("true") && !consumeLiteral("false") && !consumeLiteral("null")) {
      throw syntax("a value");
    }
  }

  /** Reads a string token starting at the current '"'. */
  private String readString() {
    int start = ++pos;
    while (pos < len) {
      char c = in.charAt(pos);
      if (c == '"') {
        return in.substring(start, pos++);
      }
      if (c == '\\' || c < 0x20) {
        break;
      }
      pos++;
    }
    StringBuilder sb = new StringBuilder(pos - start + 16).append(in, start, pos);
    while (true) {
      if (pos >= len) {
        throw syntax("'\"'");
      }
      char c = in.charAt(pos);
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      if (c < 0x20) {
        throw syntax("an escaped control character");
      }
      pos++;
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      int e = next();
      switch (e) {
        case '"':
        case '\\':
        case '/':
          sb.append((char) e);
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'u':
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int h = pos < len ? Character.digit(in.charAt(pos), 16) : -1;
            if (h < 0) {
              throw syntax("4 hex digits after \\u");
            }
            code = code << 4 | h;
            pos++;
          }
          sb.append((char) code);
          break;
        default:
          pos--;
          throw syntax("an escape sequence");
      }
    }
  }

  /** Reads a JSON number token (RFC 8259 grammar) and returns its text. */
  private String readNumberLiteral() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) {
        pos++;
      }
    } else {
      pos = start;
      throw syntax("a number");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw syntax("a digit");
      }
      while (isDigit(peek())) {
        pos++;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw syntax("a digit");
      }
      while (isDigit(peek())) {
        pos++;
      }
    }
    return in.substring(start, pos);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private boolean consumeLiteral(String literal) {
    if (in.startsWith(literal, pos)) {
      int end = pos + literal.length();
      if (end == len || !Character.isLetterOrDigit(in.charAt(end))) {
        pos = end;
        return true;
      }
    }
    return false;
  }

  private void skipWhitespace() {
    while (pos < len) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private int peek() {
    return pos < len ? in.charAt(pos) : -1;
  }

  private int next() {
    return pos < len ? in.charAt(pos++) : -1;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw syntax("'" + c + "'");
    }
    pos++;
  }

  // ---- path and errors

  private void push(String name) {
    if (depth == names.length) {
      names = Arrays.copyOf(names, depth * 2);
      indices = Arrays.copyOf(indices, depth * 2);
    }
    names[depth] = name;
    indices[depth] = -1;
    depth++;
  }

  private String path() {
    if (depth == 0) {
      return "$";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(names[i]);
      if (indices[i] >= 0) {
        sb.append('[').append(indices[i]).append(']');
      }
    }
    return sb.toString();
  }

  private IllegalArgumentException invalid(String what, String text, String expected) {
    String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
    StringBuilder sb = new StringBuilder("invalid ").append(what).append(' ');
    JsonEncoder.writeString(sb, shown);
    return new IllegalArgumentException(sb.append(" at ").append(path()).append(": expected ").append(expected).toString());
  }

  private IllegalArgumentException syntax(String expected) {
    String found;
    if (pos >= len) {
      found = "end of input";
    } else if (in.charAt(pos) >= 0x20) {
      found = "'" + in.charAt(pos) + "'";
    } else {
      StringBuilder sb = new StringBuilder();
      JsonEncoder.writeString(sb, String.valueOf(in.charAt(pos)));
      found = "'" + sb.substring(1, sb.length() - 1) + "'";
    }
    return new IllegalArgumentException(
        "invalid JSON at " + path() + " (offset " + pos + "): expected " + expected + " but found " + found);
  }
}
