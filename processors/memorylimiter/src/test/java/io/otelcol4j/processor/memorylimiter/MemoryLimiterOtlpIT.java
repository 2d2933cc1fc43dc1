package io.otelcol4j.processor.memorylimiter;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.exporterhelper.BatchCodec;
import io.otelcol4j.exporterhelper.ExporterHelper;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.receiver.otlp.OtlpReceiverFactory;
import io.otelcol4j.service.Collector;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Push-back end to end: a real OTLP/gRPC client sends into otlp receiver → memory_limiter → an
 * exporter whose backend is stalled, so its (large) sending queue holds everything. Before the
 * heap limit is reached the client is refused with the retryable UNAVAILABLE, the collector keeps
 * running, and once the backend recovers every accepted span is delivered and the client's next
 * try is accepted.
 */
class MemoryLimiterOtlpIT {
  private static final int SPANS_PER_REQUEST = 512;

  @Test
  void stalledExporterMakesTheClientBackOffAndNothingAcceptedIsLost() throws Exception {
    System.gc();
    long usedMib = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    long limitMib = usedMib + 160;
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    StalledExporterFactory stalled = new StalledExporterFactory();
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
                max_recv_msg_size_mib: 16
        processors:
          memory_limiter:
            check_interval: 50ms
            limit_mib: %d
            spike_limit_mib: 40
        exporters:
          stalled:
            sending_queue:
              sizer: items
              queue_size: 100000000
              num_consumers: 1
        service:
          telemetry:
            metrics:
              level: none
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter]
              exporters: [stalled]
        """.formatted(port, limitMib);
    ExportTraceServiceRequest request = request();
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(16 << 20).build();
    try (Collector collector = Collector.builder()
        .registry(ComponentRegistry.of(new OtlpReceiverFactory(), new MemoryLimiterProcessorFactory(), stalled))
        .configYaml("limiter.yaml", yaml).metricsAddress("").logSink((t, l, m, f, e) -> {})
        .shutdownTimeout(Duration.ofSeconds(10)).build()) {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(10))).isTrue();
      TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel);

      long accepted = 0;
      StatusRuntimeException refusal = null;
      // Bounded: each request holds ~1 MiB in the stalled queue, so the limit is hit long before.
      for (int i = 0; i < 2000 && refusal == null; i++) {
        try {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).export(request);
          accepted += SPANS_PER_REQUEST;
        } catch (StatusRuntimeException e) {
          refusal = e;
        }
      }
      assertThat(refusal).as("the client is pushed back before 2000 requests").isNotNull();
      assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(refusal.getStatus().getDescription()).contains("high memory usage");
      assertThat(accepted).isPositive();
      assertThat(collector.status().collectorState()).isEqualTo(StatusRegistry.CollectorState.RUNNING);

      // The backend recovers: everything accepted is delivered, and the client's retry gets in.
      stalled.release.countDown();
      long want = accepted;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (stalled.delivered.get() < want && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(stalled.delivered.get()).isEqualTo(accepted);
      boolean retried = false;
      while (!retried && System.nanoTime() < deadline) {
        System.gc();
        try {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).export(request);
          retried = true;
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          Thread.sleep(100);
        }
      }
      assertThat(retried).as("a retry is accepted once memory is back below the limit").isTrue();
    } finally {
      stalled.release.countDown();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** 512 spans with 2 KiB of attributes each: about 1 MiB on the wire. */
  private static ExportTraceServiceRequest request() {
    char[] filler = new char[2048];
    Arrays.fill(filler, 'x');
    String big = new String(filler);
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < SPANS_PER_REQUEST; i++) {
      ss.addSpans(Span.newBuilder()
          .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(8, i + 1L).array()))
          .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(0, i + 1L).array()))
          .setName("op")
          .addAttributes(KeyValue.newBuilder().setKey("payload").setValue(AnyValue.newBuilder().setStringValue(big))));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss)).build();
  }

  /** An exporter through the exporter helper whose backend blocks until released. */
  static final class StalledExporterFactory implements ExporterFactory<StalledExporterFactory.Config> {
    record Config(ExporterHelperConfig helper) implements ComponentConfig {}

    final CountDownLatch release = new CountDownLatch(1);
    final AtomicLong delivered = new AtomicLong();

    @Override
    public String type() {
      return "stalled";
    }

    @Override
    public Class<Config> configClass() {
      return Config.class;
    }

    @Override
    public Config parseConfig(ConfigNode node) {
      return new Config(ExporterHelperConfig.from(node));
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return Map.of(Signal.TRACES, StabilityLevel.DEVELOPMENT);
    }

    @Override
    public Exporter<TracesBatch> createTraces(ComponentSettings settings, Config config) {
      return ExporterHelper.create(settings, Signal.TRACES, config.helper(), (batch, timeout) -> {
        release.await();
        delivered.addAndGet(batch.itemCount());
      }, BatchCodec.TRACES, new Component() {});
    }
  }
}
