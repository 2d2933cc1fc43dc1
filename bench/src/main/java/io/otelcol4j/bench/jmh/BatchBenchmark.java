package io.otelcol4j.bench.jmh;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.otelcol4j.bench.Payloads;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Processor;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.processor.batch.BatchProcessorFactory;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.TestSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Batch handling per span: wrapping a request ({@code TracesBatch.of}), merging 16 × 512 spans into
 * 8192, splitting 8192 into 512s, and the batch processor end to end (16 consumes of 512 spans,
 * one size-triggered send of 8192 on its worker, waited for).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BatchBenchmark {
  private ExportTraceServiceRequest request;
  private TracesBatch batch;
  private List<TracesBatch> sixteen;
  private TracesBatch big;
  private Processor<TracesBatch> processor;
  private final AtomicLong received = new AtomicLong();
  private long expected;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    request = Payloads.traces(512, 1);
    batch = TracesBatch.of(request);
    sixteen = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sixteen.add(TracesBatch.of(Payloads.traces(512, i)));
    }
    big = sixteen.get(0).merge(sixteen.subList(1, 16));
    BatchProcessorFactory factory = new BatchProcessorFactory();
    processor = factory.createTraces(TestSettings.of(Kind.PROCESSOR, "batch"), factory.createDefaultConfig(),
        (ctx, b) -> received.addAndGet(b.itemCount()));
    processor.start(new NopHost());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    processor.shutdown(Duration.ofSeconds(5));
  }

  @Benchmark
  @OperationsPerInvocation(512)
  public TracesBatch wrapRequest() {
    return TracesBatch.of(request);
  }

  @Benchmark
  @OperationsPerInvocation(8192)
  public TracesBatch merge16() {
    return sixteen.get(0).merge(sixteen.subList(1, 16));
  }

  @Benchmark
  @OperationsPerInvocation(8192)
  public List<TracesBatch> split8192Into512() {
    return big.split(512);
  }

  @Benchmark
  @OperationsPerInvocation(8192)
  public long batchProcessorConsumeAndSend() {
    for (int i = 0; i < 16; i++) {
      processor.consume(Context.EMPTY, batch);
    }
    expected += 8192;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received.get() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("batch processor did not send within 10 s");
      }
      Thread.onSpinWait();
    }
    return received.get();
  }
}
