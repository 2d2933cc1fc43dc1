package io.otelcol4j.consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the three batch types share about their received bytes: checking and counting them without
 * decoding ({@link WireScanner}), and concatenating them on merge. An export request is only its
 * repeated top-level field 1, so the concatenation of encoded requests is the encoding of the
 * merged request: a merged batch keeps the list of received arrays, never copying them.
 */
final class WireForm {
  private WireForm() {}

  static WireScanner scanner(com.google.protobuf.Descriptors.Descriptor request, String... itemTypes) {
    return new WireScanner(request, Set.of(itemTypes));
  }

  /** The counts of a valid request, or null when the scanner refuses it (then parse for the exact error). */
  static WireScanner.@Nullable Counts counts(WireScanner scanner, byte[] bytes) {
    try {
      return scanner.scan(bytes);
    } catch (WireScanner.MalformedException e) {
      return null;
    }
  }

  /**
   * The pieces of the merged bytes when every part has them, else null. Kept as pieces rather than one
   * copy: each piece is a whole encoded request, so each parses on its own with protobuf's array
   * decoder, and the exporter writes them one after the other.
   */
  static @Nullable List<byte[]> concat(@Nullable List<byte[]> first, List<@Nullable List<byte[]>> rest) {
    if (first == null) {
      return null;
    }
    List<byte[]> parts = new ArrayList<>(first.size() + rest.size());
    parts.addAll(first);
    long size = size(first);
    for (List<byte[]> w : rest) {
      if (w == null) {
        return null;
      }
      size += size(w);
      parts.addAll(w);
    }
    if (size > Integer.MAX_VALUE - 8) {
      return null;
    }
    return List.copyOf(parts);
  }

  static int size(List<byte[]> pieces) {
    long n = 0;
    for (byte[] p : pieces) {
      n += p.length;
    }
    return (int) n;
  }

  /** The pieces as one ByteString, without copying them (a rope when there are several). */
  static ByteString bytes(List<byte[]> pieces) {
    if (pieces.size() == 1) {
      return UnsafeByteOperations.unsafeWrap(pieces.get(0));
    }
    List<ByteString> wrapped = new ArrayList<>(pieces.size());
    for (byte[] p : pieces) {
      wrapped.add(UnsafeByteOperations.unsafeWrap(p));
    }
    return ByteString.copyFrom(wrapped);
  }

  /** The pieces as one array: a copy, since a batch's bytes are never handed out mutable. */
  static byte[] toByteArray(List<byte[]> pieces) {
    byte[] out = new byte[size(pieces)];
    int pos = 0;
    for (byte[] p : pieces) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  /** Parses every piece into {@code builder}: the same message as parsing their concatenation. */
  static <B extends Message.Builder> B mergeAll(List<byte[]> pieces, B builder) {
    try {
      for (byte[] p : pieces) {
        builder.mergeFrom(p);
      }
    } catch (InvalidProtocolBufferException e) {
      throw parserDisagrees(e);
    }
    return builder;
  }

  /** For bytes the scanner accepted: the parser refusing them would be a bug, not bad input. */
  static IllegalStateException parserDisagrees(InvalidProtocolBufferException e) {
    return new IllegalStateException("bytes checked as a valid OTLP request failed to parse: " + e.getMessage(), e);
  }
}
