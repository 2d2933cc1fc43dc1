package io.otelcol4j.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.testing.SinkConsumer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The receiver against the OpenTelemetry Java SDK's own OTLP exporters, over gRPC and HTTP/protobuf. */
class OtlpReceiverTest {
  private static final int N = 100;
  private static final Duration WAIT = Duration.ofSeconds(20);

  enum Transport { GRPC, HTTP }

  private final SinkConsumer sink = new SinkConsumer();
  private OtlpReceiver receiver;

  @AfterEach
  void stop() throws Exception {
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(5));
    }
  }

  private static RetryPolicy fastRetries() {
    return RetryPolicy.builder().setMaxAttempts(5).setInitialBackoff(Duration.ofMillis(100))
        .setMaxBackoff(Duration.ofMillis(500)).build();
  }

  private SpanExporter spanExporter(Transport t, String header) {
    if (t == Transport.GRPC) {
      return OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort())
          .addHeader("X-Tenant", header).setRetryPolicy(fastRetries()).setTimeout(WAIT).build();
    }
    return OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.httpPort() + "/v1/traces")
        .addHeader("X-Tenant", header).setRetryPolicy(fastRetries()).setTimeout(WAIT).build();
  }

  private MetricExporter metricExporter(Transport t) {
    if (t == Transport.GRPC) {
      return OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort()).build();
    }
    return OtlpHttpMetricExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics")
        .build();
  }

  private LogRecordExporter logExporter(Transport t) {
    if (t == Transport.GRPC) {
      return OtlpGrpcLogRecordExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort()).build();
    }
    return OtlpHttpLogRecordExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.httpPort() + "/v1/logs")
        .build();
  }

  private static List<Long> expectedSeqs() {
    return LongStream.range(0, N).boxed().collect(Collectors.toList());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everySpanArrivesWithItsAttributes(Transport t) throws Exception {
    receiver = Receivers.start(Receivers.loopback(), sink);
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(spanExporter(t, "acme")).build()).build();
    try {
      Tracer tracer = provider.get("otlp-receiver-test");
      for (int i = 0; i < N; i++) {
        var span = tracer.spanBuilder("span-" + i).setAttribute("seq", (long) i).setAttribute("s", "v" + i)
            .setAttribute("d", i + 0.5).setAttribute("b", i % 2 == 0)
            .setAttribute(AttributeKey.stringArrayKey("arr"), List.of("a", "b")).startSpan();
        span.addEvent("ev", Attributes.of(AttributeKey.longKey("n"), (long) i));
        span.end();
      }
      assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    List<Span> spans = Receivers.spans(sink);
    assertThat(spans).hasSize(N);
    assertThat(spans.stream().map(s -> Receivers.seq(s.getAttributesList()).orElseThrow()).sorted())
        .containsExactlyElementsOf(expectedSeqs());
    for (Span s : spans) {
      long i = Receivers.seq(s.getAttributesList()).orElseThrow();
      assertThat(s.getName()).isEqualTo("span-" + i);
      assertThat(s.getTraceId().size()).isEqualTo(16);
      assertThat(s.getSpanId().size()).isEqualTo(8);
      assertThat(Receivers.value(s.getAttributesList(), "s").getStringValue()).isEqualTo("v" + i);
      assertThat(Receivers.value(s.getAttributesList(), "d").getDoubleValue()).isEqualTo(i + 0.5);
      assertThat(Receivers.value(s.getAttributesList(), "b").getBoolValue()).isEqualTo(i % 2 == 0);
      assertThat(Receivers.value(s.getAttributesList(), "arr").getArrayValue().getValuesList())
          .extracting(AnyValue::getStringValue).containsExactly("a", "b");
      assertThat(s.getEventsList()).singleElement()
          .satisfies(e -> assertThat(Receivers.value(e.getAttributesList(), "n").getIntValue()).isEqualTo(i));
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyMetricPointArrives(Transport t) throws Exception {
    receiver = Receivers.start(Receivers.loopback(), sink);
    SdkMeterProvider provider = SdkMeterProvider.builder()
        .registerMetricReader(PeriodicMetricReader.builder(metricExporter(t)).setInterval(Duration.ofHours(1)).build())
        .build();
    try {
      LongCounter counter = provider.get("otlp-receiver-test").counterBuilder("test.requests").build();
      for (int i = 0; i < N; i++) {
        counter.add(i + 1, Attributes.of(AttributeKey.longKey("seq"), (long) i));
      }
      assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
      List<NumberDataPoint> points = Receivers.sumPoints(sink);
      assertThat(points).hasSize(N);
      assertThat(points.stream().map(p -> Receivers.seq(p.getAttributesList()).orElseThrow()).sorted())
          .containsExactlyElementsOf(expectedSeqs());
      for (NumberDataPoint p : points) {
        assertThat(p.getAsInt()).isEqualTo(Receivers.seq(p.getAttributesList()).orElseThrow() + 1);
      }
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyLogRecordArrives(Transport t) throws Exception {
    receiver = Receivers.start(Receivers.loopback(), sink);
    SdkLoggerProvider provider = SdkLoggerProvider.builder()
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(logExporter(t)).build()).build();
    try {
      var logger = provider.get("otlp-receiver-test");
      for (int i = 0; i < N; i++) {
        logger.logRecordBuilder().setBody("log " + i).setSeverityText("INFO")
            .setAttribute(AttributeKey.longKey("seq"), (long) i).emit();
      }
      assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    List<LogRecord> records = Receivers.logRecords(sink);
    assertThat(records).hasSize(N);
    for (LogRecord r : records) {
      long i = Receivers.seq(r.getAttributesList()).orElseThrow();
      assertThat(r.getBody().getStringValue()).isEqualTo("log " + i);
      assertThat(r.getSeverityText()).isEqualTo("INFO");
    }
    assertThat(records.stream().map(r -> Receivers.seq(r.getAttributesList()).orElseThrow()).sorted())
        .containsExactlyElementsOf(expectedSeqs());
  }

  @Test
  void oneInstanceServesEverySignalOnOnePortPerProtocol() throws Exception {
    receiver = Receivers.start(Receivers.loopback(), sink);
    int grpcPort = receiver.grpcPort();
    int httpPort = receiver.httpPort();
    assertThat(grpcPort).isPositive();
    assertThat(httpPort).isPositive().isNotEqualTo(grpcPort);
    for (Transport t : Transport.values()) {
      SpanExporter spans = spanExporter(t, "x");
      MetricExporter metrics = metricExporter(t);
      LogRecordExporter logs = logExporter(t);
      try {
        var data = SdkData.spans(3);
        assertThat(spans.export(data).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(metrics.export(SdkData.metrics(4)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(logs.export(SdkData.logs(5)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
      } finally {
        spans.shutdown();
        metrics.shutdown();
        logs.shutdown();
      }
    }
    assertThat(receiver.grpcPort()).isEqualTo(grpcPort);
    assertThat(Receivers.spans(sink)).hasSize(6);
    assertThat(Receivers.sumPoints(sink)).hasSize(8);
    assertThat(Receivers.logRecords(sink)).hasSize(10);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void peerAddressAndMetadataReachThePipeline(Transport t) throws Exception {
    OtlpReceiverConfig metadataOn = t == Transport.GRPC
        ? Receivers.withGrpc(4, true) : Receivers.withHttp(1 << 20, null, true);
    receiver = Receivers.start(metadataOn, sink);
    SpanExporter exporter = spanExporter(t, "acme");
    try {
      assertThat(exporter.export(SdkData.spans(2)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      exporter.shutdown();
    }
    Context c = sink.contexts().get(0);
    assertThat(c.peerAddress()).isEqualTo("127.0.0.1");
    assertThat(c.metadata("x-tenant")).containsExactly("acme");
    assertThat(c.metadata("X-Tenant")).containsExactly("acme");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void withoutIncludeMetadataOnlyThePeerIsPassed(Transport t) throws Exception {
    receiver = Receivers.start(Receivers.loopback(), sink);
    SpanExporter exporter = spanExporter(t, "acme");
    try {
      assertThat(exporter.export(SdkData.spans(1)).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      exporter.shutdown();
    }
    Context c = sink.contexts().get(0);
    assertThat(c.peerAddress()).isEqualTo("127.0.0.1");
    assertThat(c.metadata()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void sdkRetriesARefusedExportAndNothingIsLostOnceThePipelineRecovers(Transport t) throws Exception {
    CountDownLatch refused = new CountDownLatch(2);
    TracesConsumer counting = (ctx, batch) -> {
      refused.countDown();
      sink.traces().consume(ctx, batch);
    };
    receiver = Receivers.start(Receivers.loopback(), counting, null, null);
    sink.failWith(new RetryableConsumeException("pipeline is full", Duration.ofMillis(300), null));
    SpanExporter exporter = spanExporter(t, "acme");
    try {
      CompletableResultCode result = exporter.export(SdkData.spans(N));
      assertThat(refused.await(20, TimeUnit.SECONDS)).as("two refused attempts").isTrue();
      assertThat(sink.itemCount()).isZero();
      sink.failWith(null);
      assertThat(result.join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      exporter.shutdown();
    }
    assertThat(Receivers.spans(sink)).hasSize(N);
  }

  @Test
  void aSignalWithoutConsumerIsNotServed() throws Exception {
    receiver = Receivers.start(Receivers.loopback(), sink.traces(), null, null);
    for (Transport t : Transport.values()) {
      MetricExporter metrics = metricExporter(t);
      try {
        assertThat(metrics.export(SdkData.metrics(1)).join(20, TimeUnit.SECONDS).isSuccess()).isFalse();
      } finally {
        metrics.shutdown();
      }
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics"))
        .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(sink.itemCount()).isZero();
  }

  @Test
  void shutdownReleasesBothPortsAndIsIdempotent() throws Exception {
    receiver = Receivers.start(Receivers.loopback(), sink);
    int grpcPort = receiver.grpcPort();
    int httpPort = receiver.httpPort();
    receiver.shutdown(Duration.ofSeconds(5));
    receiver.shutdown(Duration.ofSeconds(5));
    assertThat(receiver.grpcPort()).isEqualTo(-1);
    assertThat(receiver.httpPort()).isEqualTo(-1);
    for (int port : new int[] {grpcPort, httpPort}) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void aTakenPortFailsStartNamingTheEndpoint() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      OtlpReceiverConfig d = Receivers.loopback();
      OtlpReceiverConfig config = new OtlpReceiverConfig(d.grpc(), new OtlpReceiverConfig.Http(
          "127.0.0.1:" + taken.getLocalPort(), "/v1/traces", "/v1/metrics", "/v1/logs", 1 << 20, null, null, false));
      assertThatThrownBy(() -> Receivers.start(config, sink))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void missingTlsFilesFailStartNamingTheFiles(Transport t, @TempDir Path dir) throws Exception {
    OtlpReceiverConfig.Tls tls = new OtlpReceiverConfig.Tls(dir.resolve("none.crt").toString(),
        dir.resolve("none.key").toString(), null, "1.2", "");
    OtlpReceiverConfig d = Receivers.loopback();
    OtlpReceiverConfig.Grpc g = d.grpc();
    OtlpReceiverConfig config = t == Transport.GRPC
        ? new OtlpReceiverConfig(new OtlpReceiverConfig.Grpc("127.0.0.1:0", 4, 0, 0, 0, g.keepalive(), tls, false), null)
        : new OtlpReceiverConfig(null,
            new OtlpReceiverConfig.Http("127.0.0.1:0", "/v1/traces", "/v1/metrics", "/v1/logs", 1024, null, tls, false));
    String protocol = t == Transport.GRPC ? "grpc" : "http";
    assertThatThrownBy(() -> Receivers.start(config, sink))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot load TLS files for protocols." + protocol + ".tls (cert_file "
            + dir.resolve("none.crt") + ", key_file " + dir.resolve("none.key") + "): ");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void shutdownKeepsItsDeadlineWhileThePipelineIsStuck(Transport t) throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TracesConsumer stuck = (ctx, batch) -> {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    receiver = Receivers.start(Receivers.loopback(), stuck, null, null);
    int port = t == Transport.GRPC ? receiver.grpcPort() : receiver.httpPort();
    SpanExporter exporter = spanExporter(t, "x");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      exporter.export(SdkData.spans(1));
      assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
      Future<?> stopping = pool.submit(() -> {
        receiver.shutdown(Duration.ofMillis(300));
        return null;
      });
      stopping.get(20, TimeUnit.SECONDS); // bounded wait: the 300ms deadline is kept, not the 30s consumer
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
    } finally {
      release.countDown();
      exporter.shutdown();
      pool.shutdownNow();
    }
  }
}
