package io.otelcol4j.otlp;

import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * The OTLP {@code bytes} fields that OTLP/JSON writes as hex instead of base64: the trace and span
 * ids of spans, span links, log records and exemplars (and a span's parent span id).
 */
final class OtlpIds {
  private OtlpIds() {}

  static boolean isId(FieldDescriptor fd) {
    if (fd.getType() != FieldDescriptor.Type.BYTES) {
      return false;
    }
    String name = fd.getName();
    return name.equals("trace_id") || name.equals("span_id") || name.equals("parent_span_id");
  }

  /** Length in bytes of a non-empty id in {@code fd}: 16 for trace ids, 8 for span ids. */
  static int length(FieldDescriptor fd) {
    return fd.getName().equals("trace_id") ? 16 : 8;
  }

  /** "trace id" or "span id", for error messages. */
  static String kind(FieldDescriptor fd) {
    return fd.getName().equals("trace_id") ? "trace id" : "span id";
  }
}
