package io.otelcol4j.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches built from received requests keep, merge and drop the requests' exact wire bytes. */
class WireBytesTest {
  private static final int[][] SHAPE = {{3, 2}, {4}};

  private static TracesBatch receivedTraces(int first) {
    ExportTraceServiceRequest r = Batches.traces(first, SHAPE).toRequest();
    return TracesBatch.of(r, r.toByteArray());
  }

  private static MetricsBatch receivedMetrics(int first) {
    ExportMetricsServiceRequest r = Batches.metrics(first, new int[][][] {{{2, 3, 1, 2, 1}}, {{4}}}).toRequest();
    return MetricsBatch.of(r, r.toByteArray());
  }

  private static LogsBatch receivedLogs(int first) {
    ExportLogsServiceRequest r = Batches.logs(first, SHAPE).toRequest();
    return LogsBatch.of(r, r.toByteArray());
  }

  @Test
  void tracesKeepTheirWireBytes() throws Exception {
    ExportTraceServiceRequest r = Batches.traces(0, SHAPE).toRequest();
    byte[] wire = r.toByteArray();
    TracesBatch b = TracesBatch.of(r, wire);
    assertThat(b.itemCount()).isEqualTo(9);
    assertThat(b.toRequest()).isSameAs(r);
    assertThat(b.toByteArray()).isEqualTo(wire).isNotSameAs(wire);
    assertThat(b.serializedSize()).isEqualTo(wire.length);
    assertThat(b.wireBytes().toByteArray()).isEqualTo(wire);
    assertThat(ExportTraceServiceRequest.parseFrom(b.toByteArray())).isEqualTo(r);
    // changing what toByteArray returned does not change the batch
    b.toByteArray()[0] ^= 1;
    assertThat(b.toByteArray()).isEqualTo(wire);
    assertThat(TracesBatch.of(r).wireBytes()).isNull();
    assertThat(TracesBatch.of(r.getResourceSpansList()).wireBytes()).isNull();
  }

  @Test
  void tracesMergeConcatenatesWireBytes() throws Exception {
    TracesBatch a = receivedTraces(0);
    TracesBatch b = receivedTraces(100);
    TracesBatch c = receivedTraces(200);
    TracesBatch merged = a.merge(List.of(b, c));
    ExportTraceServiceRequest expected = TracesBatch.of(a.merge(List.of(TracesBatch.of(b.resourceSpans()), c))
        .resourceSpans()).toRequest();
    assertThat(merged.wireBytes()).isNotNull();
    assertThat(merged.itemCount()).isEqualTo(27);
    assertThat(ExportTraceServiceRequest.parseFrom(merged.toByteArray())).isEqualTo(expected).isEqualTo(merged.toRequest());
    assertThat(merged.serializedSize()).isEqualTo(expected.getSerializedSize());
    // one part without wire bytes: none for the merge
    assertThat(a.merge(List.of(TracesBatch.of(b.resourceSpans()))).wireBytes()).isNull();
    assertThat(TracesBatch.of(a.resourceSpans()).merge(List.of(b)).wireBytes()).isNull();
  }

  @Test
  void tracesSplitDropsWireBytes() throws Exception {
    TracesBatch b = receivedTraces(0);
    List<TracesBatch> parts = b.split(4);
    assertThat(parts).hasSize(3).allSatisfy(p -> assertThat(p.wireBytes()).isNull());
    List<String> all = new ArrayList<>();
    parts.forEach(p -> all.addAll(Batches.items(p)));
    assertThat(all).isEqualTo(Batches.items(b));
    assertThat(b.split(9)).singleElement().isSameAs(b);
  }

  @Test
  void metricsKeepMergeAndDropWireBytes() throws Exception {
    ExportMetricsServiceRequest r = receivedMetrics(0).toRequest();
    MetricsBatch b = MetricsBatch.of(r, r.toByteArray());
    assertThat(b.itemCount()).isEqualTo(13);
    assertThat(b.toByteArray()).isEqualTo(r.toByteArray());
    assertThat(b.serializedSize()).isEqualTo(r.getSerializedSize());
    assertThat(ExportMetricsServiceRequest.parseFrom(b.wireBytes())).isEqualTo(r);

    MetricsBatch other = receivedMetrics(100);
    MetricsBatch merged = b.merge(List.of(other));
    ExportMetricsServiceRequest expected = ExportMetricsServiceRequest.newBuilder()
        .addAllResourceMetrics(r.getResourceMetricsList())
        .addAllResourceMetrics(other.resourceMetrics()).build();
    assertThat(merged.wireBytes()).isNotNull();
    assertThat(ExportMetricsServiceRequest.parseFrom(merged.toByteArray())).isEqualTo(expected);
    assertThat(b.merge(List.of(MetricsBatch.of(other.resourceMetrics()))).wireBytes()).isNull();
    assertThat(b.split(4)).hasSize(4).allSatisfy(p -> assertThat(p.wireBytes()).isNull());
  }

  @Test
  void logsKeepMergeAndDropWireBytes() throws Exception {
    ExportLogsServiceRequest r = receivedLogs(0).toRequest();
    LogsBatch b = LogsBatch.of(r, r.toByteArray());
    assertThat(b.itemCount()).isEqualTo(9);
    assertThat(b.toByteArray()).isEqualTo(r.toByteArray());
    assertThat(b.serializedSize()).isEqualTo(r.getSerializedSize());
    assertThat(ExportLogsServiceRequest.parseFrom(b.wireBytes())).isEqualTo(r);

    LogsBatch other = receivedLogs(100);
    LogsBatch merged = b.merge(List.of(other, receivedLogs(200)));
    assertThat(merged.itemCount()).isEqualTo(27);
    assertThat(merged.wireBytes()).isNotNull();
    assertThat(ExportLogsServiceRequest.parseFrom(merged.toByteArray())).isEqualTo(merged.toRequest());
    assertThat(Batches.items(LogsBatch.parseFrom(merged.toByteArray()))).isEqualTo(Batches.items(merged));
    assertThat(b.merge(List.of(LogsBatch.of(other.resourceLogs()))).wireBytes()).isNull();
    assertThat(b.split(2)).hasSize(5).allSatisfy(p -> assertThat(p.wireBytes()).isNull());
  }
}
