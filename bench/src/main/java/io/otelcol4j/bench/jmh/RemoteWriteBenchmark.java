package io.otelcol4j.bench.jmh;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.otelcol4j.bench.Payloads;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.exporter.prometheusremotewrite.BenchAccess;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Remote-write per sample: OTLP gauges (512 points, 4 attributes each, 7 resource attributes) to
 * Prometheus series, and translation + WriteRequest encoding + snappy. {@code translate} and
 * {@code translateEncodeSnappy} start from a batch as the otlp receiver makes it (received bytes,
 * checked but not decoded), which the exporter reads field by field; {@code translateMessages}
 * starts from already-decoded protobuf-java messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(512)
public class RemoteWriteBenchmark {
  private List<ResourceMetrics> resources;
  private MetricsBatch batch;
  private BenchAccess.Worker worker;

  @Setup
  public void setup() throws Exception {
    var request = Payloads.metrics(0, 512, true, "bench", "127.0.0.1:9999", 1_763_800_000_000_000_000L);
    resources = request.getResourceMetricsList();
    batch = MetricsBatch.parseFrom(request.toByteArray());
    worker = new BenchAccess.Worker();
  }

  @Benchmark
  public int translateMessages() {
    return worker.translate(resources);
  }

  @Benchmark
  public int translate() {
    return worker.translate(batch);
  }

  @Benchmark
  public int translateEncodeSnappy() {
    return worker.translateEncodeCompress(batch);
  }
}
