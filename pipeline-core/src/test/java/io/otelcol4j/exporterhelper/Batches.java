package io.otelcol4j.exporterhelper;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.consumer.TracesBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Span batches whose span {@code i} carries attribute {@code seq=i}, like pipeline-testing's
 * TestData (which pipeline-core's tests cannot depend on: pipeline-testing depends on this module).
 */
final class Batches {
  private Batches() {}

  static TracesBatch traces(int first, int count) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    ss.getScopeBuilder().setName("test");
    for (int i = first; i < first + count; i++) {
      ss.addSpans(Span.newBuilder()
          .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0, 1).putLong(8, i + 1L).array()))
          .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(0, i + 1L).array()))
          .setName("span-" + i)
          .addAttributes(KeyValue.newBuilder().setKey("seq").setValue(AnyValue.newBuilder().setIntValue(i))));
    }
    ResourceSpans rs = ResourceSpans.newBuilder().addScopeSpans(ss).build();
    return TracesBatch.of(List.of(rs));
  }

  /** The {@code seq} attribute of every span, in order. */
  static List<Long> seqs(TracesBatch batch) {
    List<Long> out = new ArrayList<>();
    for (ResourceSpans rs : batch.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          for (KeyValue kv : s.getAttributesList()) {
            if (kv.getKey().equals("seq")) {
              out.add(kv.getValue().getIntValue());
            }
          }
        }
      }
    }
    return out;
  }
}
