package io.otelcol4j.consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the three batch types share about their received bytes: checking and counting them without
 * decoding ({@link WireScanner}), and concatenating them on merge. An export request is only its
 * repeated top-level field 1, so the concatenation of encoded requests is the encoding of the
 * merged request; {@link ByteString#copyFrom(Iterable)} builds it as a rope over the parts, without
 * copying their bytes.
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

  /** The merged bytes when every part has them, else null. */
  static @Nullable ByteString concat(@Nullable ByteString first, List<@Nullable ByteString> rest) {
    if (first == null) {
      return null;
    }
    List<ByteString> parts = new ArrayList<>(rest.size() + 1);
    parts.add(first);
    long size = first.size();
    for (ByteString w : rest) {
      if (w == null) {
        return null;
      }
      size += w.size();
      parts.add(w);
    }
    if (size > Integer.MAX_VALUE - 8) {
      return null;
    }
    return ByteString.copyFrom(parts);
  }

  /** For bytes the scanner accepted: the parser refusing them would be a bug, not bad input. */
  static IllegalStateException parserDisagrees(InvalidProtocolBufferException e) {
    return new IllegalStateException("bytes checked as a valid OTLP request failed to parse: " + e.getMessage(), e);
  }
}
