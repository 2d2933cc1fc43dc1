package io.otelcol4j.exporter.otlphttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Kind;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.exporter.otlphttp.FakeHttpBackend.Answer;
import io.otelcol4j.exporter.otlphttp.FakeHttpBackend.Received;
import io.otelcol4j.exporter.otlphttp.OtlpHttpExporterConfig.Encoding;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.exporterhelper.QueueConfig;
import io.otelcol4j.exporterhelper.RetryConfig;
import io.otelcol4j.exporterhelper.TimeoutConfig;
import io.otelcol4j.otlp.OtlpJson;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.TestData;
import io.otelcol4j.testing.TestSettings;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpHttpExporterTest {
  private static final ExporterHelperConfig SYNC_FAST_RETRY = new ExporterHelperConfig(
      new TimeoutConfig(Duration.ofSeconds(5)),
      new RetryConfig(true, Duration.ofMillis(10), 0, 1, Duration.ofMillis(20), Duration.ofSeconds(10)),
      QueueConfig.disabled());

  private final OtlpHttpExporterFactory factory = new OtlpHttpExporterFactory();
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.of((time, level, message, fields, error) ->
      logs.add(level + " " + message + " " + String.join(",", fields)), Logger.Level.DEBUG);
  private FakeHttpBackend backend;

  @BeforeEach
  void startBackend() throws Exception {
    backend = FakeHttpBackend.start();
  }

  @AfterEach
  void stopBackend() {
    backend.close();
  }

  private OtlpHttpExporterConfig config() {
    return OtlpHttpExporterConfig.of(backend.baseUrl()).withHelper(SYNC_FAST_RETRY);
  }

  private ComponentSettings settings(String name) {
    return TestSettings.of(Kind.EXPORTER, ComponentId.of("otlphttp", name), logger);
  }

  private static <E extends Exporter<?>> E started(E e) throws Exception {
    e.start(new NopHost());
    return e;
  }

  @Test
  void protoGzipDeliversEverySignalToItsPath() throws Exception {
    Exporter<TracesBatch> t = started(factory.createTraces(settings("a"), config()));
    Exporter<MetricsBatch> m = started(factory.createMetrics(settings("a"), config()));
    Exporter<LogsBatch> l = started(factory.createLogs(settings("a"), config()));
    TracesBatch traces = TestData.traces(0, 20);
    MetricsBatch metrics = TestData.metrics(0, 6);
    LogsBatch logBatch = TestData.logs(0, 9);

    t.consume(Context.EMPTY, traces);
    m.consume(Context.EMPTY, metrics);
    l.consume(Context.EMPTY, logBatch);
    t.shutdown(Duration.ofSeconds(5));
    m.shutdown(Duration.ofSeconds(5));
    l.shutdown(Duration.ofSeconds(5));

    List<Received> got = backend.received();
    assertThat(got).extracting(Received::path).containsExactly("/v1/traces", "/v1/metrics", "/v1/logs");
    assertThat(got).allSatisfy(r -> {
      assertThat(r.header("Content-Type")).isEqualTo("application/x-protobuf");
      assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(r.header("User-Agent")).startsWith("otelcol4j/");
    });
    assertThat(ExportTraceServiceRequest.parseFrom(got.get(0).body())).isEqualTo(traces.toRequest());
    assertThat(ExportMetricsServiceRequest.parseFrom(got.get(1).body())).isEqualTo(metrics.toRequest());
    assertThat(ExportLogsServiceRequest.parseFrom(got.get(2).body())).isEqualTo(logBatch.toRequest());
  }

  @Test
  void jsonWithoutCompression() throws Exception {
    Exporter<TracesBatch> t = started(factory.createTraces(settings("json"),
        config().withEncoding(Encoding.JSON).withCompression("none")));
    TracesBatch traces = TestData.traces(0, 5);

    t.consume(Context.EMPTY, traces);
    t.shutdown(Duration.ofSeconds(5));

    Received r = backend.received().get(0);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(OtlpJson.parseTraces(new String(r.body(), StandardCharsets.UTF_8)).toRequest()).isEqualTo(traces.toRequest());
  }

  @Test
  void headersAreSent() throws Exception {
    Exporter<LogsBatch> l = started(factory.createLogs(settings("h"), config().withHeaders(Map.of("X-Tenant", "acme"))));
    l.consume(Context.EMPTY, TestData.logs(0, 1));
    l.shutdown(Duration.ofSeconds(5));

    assertThat(backend.received().get(0).header("x-tenant")).isEqualTo("acme");
  }

  @Test
  void restrictedHeaderFailsStart() {
    Exporter<LogsBatch> l = factory.createLogs(settings("restricted"), config().withHeaders(Map.of("Host", "evil")));

    assertThatThrownBy(() -> l.start(new NopHost())).hasMessageStartingWith("headers: restricted header name: \"Host\"");
  }

  @Test
  void perSignalEndpointsOverrideTheBase() throws Exception {
    OtlpHttpExporterConfig cfg = config().withSignalEndpoints(backend.baseUrl() + "/custom/traces", "", "");
    Exporter<TracesBatch> t = started(factory.createTraces(settings("ps"), cfg));
    Exporter<MetricsBatch> m = started(factory.createMetrics(settings("ps"), cfg));
    t.consume(Context.EMPTY, TestData.traces(0, 1));
    m.consume(Context.EMPTY, TestData.metrics(0, 1));
    t.shutdown(Duration.ofSeconds(5));
    m.shutdown(Duration.ofSeconds(5));

    assertThat(backend.received()).extracting(Received::path).containsExactly("/custom/traces", "/v1/metrics");
  }

  @Test
  void onlyASignalEndpointServesOnlyThatSignal() {
    OtlpHttpExporterConfig cfg = OtlpHttpExporterConfig.of("").withSignalEndpoints(backend.baseUrl() + "/t", "", "");

    assertThatThrownBy(() -> factory.createLogs(settings("only"), cfg))
        .hasMessage("no endpoint for logs (expected: endpoint or logs_endpoint)");
  }

  @Test
  void unavailableWithRetryAfterIsRetriedThenDelivered() throws Exception {
    backend.answerNext(new Answer(503, Map.of("Retry-After", "1"), new byte[0]));
    Exporter<TracesBatch> t = started(factory.createTraces(settings("503"), config()));
    TracesBatch traces = TestData.traces(0, 3);

    t.consume(Context.EMPTY, traces);
    t.shutdown(Duration.ofSeconds(5));

    assertThat(backend.received()).hasSize(2);
    assertThat(ExportTraceServiceRequest.parseFrom(backend.received().get(1).body())).isEqualTo(traces.toRequest());
  }

  @Test
  void badRequestIsPermanentAndNotRetried() throws Exception {
    backend.answerNext(new Answer(400, Map.of("Content-Type", "text/plain"), "bad span\nat index 3".getBytes(StandardCharsets.UTF_8)));
    Exporter<TracesBatch> t = started(factory.createTraces(settings("400"), config()));

    assertThatThrownBy(() -> t.consume(Context.EMPTY, TestData.traces(0, 3)))
        .satisfies(e -> assertThat(Failures.isPermanent(e)).isTrue())
        .hasMessageContaining("request to " + backend.baseUrl() + "/v1/traces responded with HTTP Status Code 400, Body=bad span at index 3");
    t.shutdown(Duration.ofSeconds(5));

    assertThat(backend.received()).hasSize(1);
  }

  @Test
  void statusMessageIsReadFromAProtobufStatusBody() throws Exception {
    byte[] status = com.google.rpc.Status.newBuilder().setCode(3).setMessage("invalid trace id").build().toByteArray();
    backend.answerNext(new Answer(400, Map.of("Content-Type", "application/x-protobuf"), status));
    Exporter<TracesBatch> t = started(factory.createTraces(settings("status"), config()));

    assertThatThrownBy(() -> t.consume(Context.EMPTY, TestData.traces(0, 1)))
        .hasMessageContaining("responded with HTTP Status Code 400, Message=invalid trace id");
    t.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void otherServerErrorsArePermanent() throws Exception {
    backend.answerNext(new Answer(500, Map.of(), new byte[0]));
    Exporter<MetricsBatch> m = started(factory.createMetrics(settings("500"), config()));

    assertThatThrownBy(() -> m.consume(Context.EMPTY, TestData.metrics(0, 1)))
        .satisfies(e -> assertThat(Failures.isPermanent(e)).isTrue());
    m.shutdown(Duration.ofSeconds(5));
    assertThat(backend.received()).hasSize(1);
  }

  @Test
  void retryableStatusesAre429And502And503And504() throws Exception {
    for (int code : new int[] {429, 502, 503, 504}) {
      backend.answerNext(new Answer(code, Map.of(), new byte[0]));
    }
    Exporter<LogsBatch> l = started(factory.createLogs(settings("retryable"), config()));
    l.consume(Context.EMPTY, TestData.logs(0, 1));
    l.shutdown(Duration.ofSeconds(5));

    assertThat(backend.received()).hasSize(5);
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDate() {
    Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);
    assertThat(OtlpHttpExporter.retryAfter("120", clock)).isEqualTo(Duration.ofSeconds(120));
    assertThat(OtlpHttpExporter.retryAfter("Wed, 21 Oct 2015 07:28:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
    assertThat(OtlpHttpExporter.retryAfter("Wed, 21 Oct 2015 07:27:00 GMT", clock)).isEqualTo(Duration.ZERO);
    assertThat(OtlpHttpExporter.retryAfter("soon", clock)).isNull();
    assertThat(OtlpHttpExporter.retryAfter(null, clock)).isNull();
  }

  @Test
  void partialSuccessIsLogged() throws Exception {
    backend.answerSuccessWith(new Answer(200, Map.of("Content-Type", "application/x-protobuf"),
        ExportTraceServiceResponse.newBuilder()
            .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("too old"))
            .build().toByteArray()));
    Exporter<TracesBatch> t = started(factory.createTraces(settings("partial"), config()));
    t.consume(Context.EMPTY, TestData.traces(0, 4));
    t.shutdown(Duration.ofSeconds(5));

    assertThat(logs).filteredOn(s -> s.contains("Partial success"))
        .containsExactly("WARN Partial success response message,too old,dropped_spans,2");
  }

  @Test
  void connectionRefusedIsRetryable() throws Exception {
    String url = backend.baseUrl();
    backend.close();
    OtlpHttpExporterConfig cfg = OtlpHttpExporterConfig.of(url)
        .withHelper(new ExporterHelperConfig(new TimeoutConfig(Duration.ofSeconds(2)), RetryConfig.disabled(), QueueConfig.disabled()));
    Exporter<TracesBatch> t = started(factory.createTraces(settings("refused"), cfg));

    assertThatThrownBy(() -> t.consume(Context.EMPTY, TestData.traces(0, 1)))
        .satisfies(e -> assertThat(Failures.isPermanent(e)).isFalse())
        .hasMessageContaining("failed to make an HTTP request to " + url + "/v1/traces");
    t.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void sendsOverTlsWithSelfSignedCertificate(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Path p12 = dir.resolve("server.p12");
    assumeThat(new File("/usr/bin/openssl").canExecute()).as("openssl is installed").isTrue();
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString());
    run(dir, "openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-out", p12.toString(),
        "-passout", "pass:changeit");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    try (FakeHttpBackend tls = FakeHttpBackend.startTls(server)) {
      OtlpHttpExporterConfig verified = OtlpHttpExporterConfig.of(tls.baseUrl()).withHelper(SYNC_FAST_RETRY)
          .withTls(new OtlpHttpExporterConfig.Tls(false, false, cert.toString(), "", "", ""));
      Exporter<TracesBatch> a = started(factory.createTraces(settings("tls"), verified));
      a.consume(Context.EMPTY, TestData.traces(0, 2));
      a.shutdown(Duration.ofSeconds(5));

      OtlpHttpExporterConfig skip = OtlpHttpExporterConfig.of("https://localhost:" + tls.port()).withHelper(SYNC_FAST_RETRY)
          .withTls(new OtlpHttpExporterConfig.Tls(false, true, "", "", "", ""));
      Exporter<TracesBatch> b = started(factory.createTraces(settings("skip"), skip));
      b.consume(Context.EMPTY, TestData.traces(0, 1));
      b.shutdown(Duration.ofSeconds(5));

      OtlpHttpExporterConfig untrusted = OtlpHttpExporterConfig.of(tls.baseUrl())
          .withHelper(new ExporterHelperConfig(new TimeoutConfig(Duration.ofSeconds(5)), RetryConfig.disabled(), QueueConfig.disabled()));
      Exporter<TracesBatch> c = started(factory.createTraces(settings("untrusted"), untrusted));
      assertThatThrownBy(() -> c.consume(Context.EMPTY, TestData.traces(0, 1)))
          .satisfies(e -> assertThat(Failures.isPermanent(e)).isFalse());
      c.shutdown(Duration.ofSeconds(5));

      assertThat(tls.received()).hasSize(2);
    }
  }

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
