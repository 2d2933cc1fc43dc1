package io.otelcol4j.bench.jmh;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.otelcol4j.bench.Payloads;
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
 * Prometheus series, and translation + WriteRequest encoding + snappy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(512)
public class RemoteWriteBenchmark {
  private List<ResourceMetrics> resources;

  @Setup
  public void setup() {
    resources = Payloads.metrics(0, 512, true, "bench", "127.0.0.1:9999", 1_763_800_000_000_000_000L)
        .getResourceMetricsList();
  }

  @Benchmark
  public int translate() {
    return BenchAccess.translate(resources);
  }

  @Benchmark
  public int translateEncodeSnappy() {
    return BenchAccess.translateEncodeCompress(resources);
  }
}
