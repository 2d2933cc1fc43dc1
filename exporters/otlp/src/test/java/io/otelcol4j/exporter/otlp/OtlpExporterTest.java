package io.otelcol4j.exporter.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.rpc.Code;
import io.grpc.Metadata;
import io.grpc.TlsServerCredentials;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Kind;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.exporterhelper.QueueConfig;
import io.otelcol4j.exporterhelper.RetryConfig;
import io.otelcol4j.exporterhelper.TimeoutConfig;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.TestData;
import io.otelcol4j.testing.TestSettings;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpExporterTest {
  /** Fast retries; the queue off so that consume reports the outcome. */
  private static final ExporterHelperConfig SYNC_FAST_RETRY = new ExporterHelperConfig(
      new TimeoutConfig(Duration.ofSeconds(5)),
      new RetryConfig(true, Duration.ofMillis(10), 0, 1, Duration.ofMillis(20), Duration.ofSeconds(10)),
      QueueConfig.disabled());

  private final OtlpExporterFactory factory = new OtlpExporterFactory();
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.of((time, level, message, fields, error) ->
      logs.add(level + " " + message + " " + String.join(",", fields)), Logger.Level.DEBUG);
  private FakeGrpcBackend backend;

  @BeforeEach
  void startBackend() throws Exception {
    backend = FakeGrpcBackend.start();
  }

  @AfterEach
  void stopBackend() throws Exception {
    backend.close();
  }

  private OtlpExporterConfig config() {
    return OtlpExporterConfig.of(backend.endpoint()).withTls(OtlpExporterConfig.Tls.plaintext()).withHelper(SYNC_FAST_RETRY);
  }

  private <E extends Exporter<?>> E started(E exporter) throws Exception {
    exporter.start(new NopHost());
    return exporter;
  }

  private io.otelcol4j.component.ComponentSettings settings() {
    return TestSettings.of(Kind.EXPORTER, ComponentId.of("otlp"), logger);
  }

  @Test
  void deliversEverySignalExactly() throws Exception {
    Exporter<TracesBatch> t = started(factory.createTraces(settings(), config()));
    Exporter<MetricsBatch> m = started(factory.createMetrics(settings(), config()));
    Exporter<LogsBatch> l = started(factory.createLogs(settings(), config()));
    TracesBatch traces = TestData.traces(0, 25);
    MetricsBatch metrics = TestData.metrics(0, 7);
    LogsBatch logBatch = TestData.logs(0, 11);

    t.consume(Context.EMPTY, traces);
    m.consume(Context.EMPTY, metrics);
    l.consume(Context.EMPTY, logBatch);
    t.shutdown(Duration.ofSeconds(5));
    m.shutdown(Duration.ofSeconds(5));
    l.shutdown(Duration.ofSeconds(5));

    assertThat(backend.traces).containsExactly(traces.toRequest());
    assertThat(backend.metrics).containsExactly(metrics.toRequest());
    assertThat(backend.logs).containsExactly(logBatch.toRequest());
    assertThat(backend.spanCount()).isEqualTo(25);
  }

  @Test
  void receivedBatchesAreSentAsTheirWireBytesWithoutEncoding() throws Exception {
    Exporter<TracesBatch> t = started(factory.createTraces(settings(), config()));
    Exporter<MetricsBatch> m = started(factory.createMetrics(settings(), config()));
    Exporter<LogsBatch> l = started(factory.createLogs(settings(), config().withCompression("none")));
    // The wire bytes deliberately encode other data than the request: what arrives proves which was sent.
    TracesBatch traces = TracesBatch.of(TestData.traces(0, 2).toRequest(), TestData.traces(100, 5).toByteArray());
    MetricsBatch metrics = MetricsBatch.of(TestData.metrics(0, 2).toRequest(), TestData.metrics(100, 3).toByteArray());
    LogsBatch logBatch = LogsBatch.of(TestData.logs(0, 2).toRequest(), TestData.logs(100, 4).toByteArray());
    TracesBatch a = TestData.traces(0, 3);
    TracesBatch b = TestData.traces(3, 4);
    TracesBatch merged = TracesBatch.of(a.toRequest(), a.toByteArray()).merge(
        List.of(TracesBatch.of(b.toRequest(), b.toByteArray())));

    t.consume(Context.EMPTY, traces);
    t.consume(Context.EMPTY, merged);
    m.consume(Context.EMPTY, metrics);
    l.consume(Context.EMPTY, logBatch);
    t.shutdown(Duration.ofSeconds(5));
    m.shutdown(Duration.ofSeconds(5));
    l.shutdown(Duration.ofSeconds(5));

    assertThat(backend.traces).containsExactly(TestData.traces(100, 5).toRequest(), a.merge(List.of(b)).toRequest());
    assertThat(backend.metrics).containsExactly(TestData.metrics(100, 3).toRequest());
    assertThat(backend.logs).containsExactly(TestData.logs(100, 4).toRequest());
  }

  @Test
  void signalsOfOneIdShareTheChannelAndItOutlivesTheFirstShutdown() throws Exception {
    Exporter<TracesBatch> t = started(factory.createTraces(settings(), config()));
    Exporter<LogsBatch> l = started(factory.createLogs(settings(), config()));
    t.shutdown(Duration.ofSeconds(5));

    l.consume(Context.EMPTY, TestData.logs(0, 2));
    l.shutdown(Duration.ofSeconds(5));

    assertThat(backend.logs).hasSize(1);
  }

  @Test
  void gzipIsTheDefaultAndNoneSendsPlain() throws Exception {
    Exporter<TracesBatch> gz = started(factory.createTraces(settings(), config()));
    gz.consume(Context.EMPTY, TestData.traces(0, 3));
    gz.shutdown(Duration.ofSeconds(5));
    assertThat(backend.gzipped.get()).isEqualTo(1);

    Exporter<TracesBatch> plain = started(factory.createTraces(
        TestSettings.of(Kind.EXPORTER, ComponentId.of("otlp", "plain"), logger), config().withCompression("none")));
    plain.consume(Context.EMPTY, TestData.traces(0, 3));
    plain.shutdown(Duration.ofSeconds(5));
    assertThat(backend.gzipped.get()).isEqualTo(1);
    assertThat(backend.traces).hasSize(2);
  }

  @Test
  void headersArriveAsMetadata() throws Exception {
    Exporter<TracesBatch> t = started(factory.createTraces(settings(),
        config().withHeaders(Map.of("x-tenant", "acme", "authorization", "Bearer t0k"))));
    t.consume(Context.EMPTY, TestData.traces(0, 1));
    t.shutdown(Duration.ofSeconds(5));

    Metadata md = backend.headers.get(0);
    assertThat(md.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("acme");
    assertThat(md.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("Bearer t0k");
    assertThat(md.get(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER))).startsWith("otelcol4j/");
  }

  @Test
  void unavailableIsRetriedThenDelivered() throws Exception {
    backend.failNext(FakeGrpcBackend.status(Code.UNAVAILABLE, null), FakeGrpcBackend.status(Code.UNAVAILABLE, null));
    Exporter<TracesBatch> t = started(factory.createTraces(settings(), config()));
    TracesBatch batch = TestData.traces(0, 4);

    t.consume(Context.EMPTY, batch);
    t.shutdown(Duration.ofSeconds(5));

    assertThat(backend.calls.get()).isEqualTo(3);
    assertThat(backend.traces).containsExactly(batch.toRequest());
  }

  @Test
  void invalidArgumentIsPermanentAndNotRetried() throws Exception {
    backend.failNext(FakeGrpcBackend.status(Code.INVALID_ARGUMENT, null));
    Exporter<TracesBatch> t = started(factory.createTraces(settings(), config()));

    assertThatThrownBy(() -> t.consume(Context.EMPTY, TestData.traces(0, 4)))
        .satisfies(e -> assertThat(Failures.isPermanent(e)).isTrue())
        .hasMessageContaining("code = INVALID_ARGUMENT desc = scripted INVALID_ARGUMENT");
    t.shutdown(Duration.ofSeconds(5));

    assertThat(backend.calls.get()).isEqualTo(1);
    assertThat(backend.traces).isEmpty();
  }

  @Test
  void resourceExhaustedWithoutRetryInfoIsPermanent() throws Exception {
    backend.failNext(FakeGrpcBackend.status(Code.RESOURCE_EXHAUSTED, null));
    Exporter<MetricsBatch> m = started(factory.createMetrics(settings(), config()));

    assertThatThrownBy(() -> m.consume(Context.EMPTY, TestData.metrics(0, 2)))
        .satisfies(e -> assertThat(Failures.isPermanent(e)).isTrue());
    m.shutdown(Duration.ofSeconds(5));

    assertThat(backend.calls.get()).isEqualTo(1);
  }

  @Test
  void resourceExhaustedWithRetryInfoIsRetriedThenDelivered() throws Exception {
    backend.failNext(FakeGrpcBackend.status(Code.RESOURCE_EXHAUSTED, Duration.ofMillis(30)));
    Exporter<LogsBatch> l = started(factory.createLogs(settings(), config()));
    LogsBatch batch = TestData.logs(0, 5);

    l.consume(Context.EMPTY, batch);
    l.shutdown(Duration.ofSeconds(5));

    assertThat(backend.calls.get()).isEqualTo(2);
    assertThat(backend.logs).containsExactly(batch.toRequest());
  }

  @Test
  void statusTableFollowsTheOtlpSpec() {
    for (Code c : List.of(Code.CANCELLED, Code.DEADLINE_EXCEEDED, Code.ABORTED, Code.OUT_OF_RANGE, Code.UNAVAILABLE,
        Code.DATA_LOSS)) {
      assertThat(GrpcStatuses.classify(FakeGrpcBackend.status(c, null))).as(c.name())
          .isInstanceOf(RetryableConsumeException.class);
    }
    for (Code c : List.of(Code.UNKNOWN, Code.INVALID_ARGUMENT, Code.NOT_FOUND, Code.ALREADY_EXISTS,
        Code.PERMISSION_DENIED, Code.RESOURCE_EXHAUSTED, Code.FAILED_PRECONDITION, Code.UNIMPLEMENTED, Code.INTERNAL,
        Code.UNAUTHENTICATED)) {
      assertThat(Failures.isPermanent(GrpcStatuses.classify(FakeGrpcBackend.status(c, null)))).as(c.name()).isTrue();
    }
    RuntimeException throttled = GrpcStatuses.classify(FakeGrpcBackend.status(Code.RESOURCE_EXHAUSTED, Duration.ofSeconds(7)));
    assertThat(throttled).isInstanceOf(RetryableConsumeException.class);
    assertThat(((RetryableConsumeException) throttled).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    RuntimeException unavailable = GrpcStatuses.classify(FakeGrpcBackend.status(Code.UNAVAILABLE, Duration.ofMillis(1500)));
    assertThat(((RetryableConsumeException) unavailable).retryAfter()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void unreachableEndpointIsRetryable() throws Exception {
    int port = backend.port();
    backend.close();
    OtlpExporterConfig cfg = OtlpExporterConfig.of("127.0.0.1:" + port).withTls(OtlpExporterConfig.Tls.plaintext())
        .withHelper(new ExporterHelperConfig(new TimeoutConfig(Duration.ofSeconds(2)), RetryConfig.disabled(), QueueConfig.disabled()));
    Exporter<TracesBatch> t = started(factory.createTraces(settings(), cfg));

    assertThatThrownBy(() -> t.consume(Context.EMPTY, TestData.traces(0, 1)))
        .satisfies(e -> assertThat(Failures.isPermanent(e)).isFalse())
        .hasMessageContaining("UNAVAILABLE");
    t.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void partialSuccessIsLoggedOncePerBatch() throws Exception {
    backend.rejectSpans(3);
    Exporter<TracesBatch> t = started(factory.createTraces(settings(), config()));
    t.consume(Context.EMPTY, TestData.traces(0, 10));
    t.shutdown(Duration.ofSeconds(5));

    assertThat(logs).filteredOn(s -> s.contains("Partial success"))
        .containsExactly("WARN Partial success response message,too old,dropped_spans,3");
  }

  @Test
  void missingAuthenticatorFailsStart() {
    Exporter<TracesBatch> t = factory.createTraces(settings(), config().withAuthenticator(ComponentId.of("oauth2client")));

    assertThatThrownBy(() -> t.start(new NopHost()))
        .hasMessage("failed to resolve authenticator \"oauth2client\": authenticator \"oauth2client\" not found");
  }

  @Test
  void sendsOverTlsWithSelfSignedCertificate(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    openssl(dir, cert, key, "otel.test");
    try (FakeGrpcBackend tls = FakeGrpcBackend.start(TlsServerCredentials.create(cert.toFile(), key.toFile()))) {
      // Verified against the CA file, with the certificate's name given by server_name_override.
      OtlpExporterConfig verified = OtlpExporterConfig.of(tls.endpoint()).withHelper(SYNC_FAST_RETRY)
          .withTls(new OtlpExporterConfig.Tls(false, false, cert.toString(), "", "", "otel.test"));
      Exporter<TracesBatch> a = started(factory.createTraces(settings(), verified));
      a.consume(Context.EMPTY, TestData.traces(0, 2));
      a.shutdown(Duration.ofSeconds(5));

      // insecure_skip_verify: no CA and a name that does not match.
      OtlpExporterConfig skip = OtlpExporterConfig.of("https://" + tls.endpoint()).withHelper(SYNC_FAST_RETRY)
          .withTls(new OtlpExporterConfig.Tls(true, true, "", "", "", ""));
      Exporter<TracesBatch> b = started(factory.createTraces(
          TestSettings.of(Kind.EXPORTER, ComponentId.of("otlp", "skip"), logger), skip));
      b.consume(Context.EMPTY, TestData.traces(0, 3));
      b.shutdown(Duration.ofSeconds(5));

      // The JVM's trust store does not know the self-signed certificate: the handshake fails.
      OtlpExporterConfig untrusted = OtlpExporterConfig.of(tls.endpoint())
          .withHelper(new ExporterHelperConfig(new TimeoutConfig(Duration.ofSeconds(5)), RetryConfig.disabled(), QueueConfig.disabled()));
      Exporter<TracesBatch> c = started(factory.createTraces(
          TestSettings.of(Kind.EXPORTER, ComponentId.of("otlp", "untrusted"), logger), untrusted));
      assertThatThrownBy(() -> c.consume(Context.EMPTY, TestData.traces(0, 1))).hasMessageContaining("UNAVAILABLE");
      c.shutdown(Duration.ofSeconds(5));

      assertThat(tls.spanCount()).isEqualTo(5);
    }
  }

  static void openssl(Path dir, Path cert, Path key, String name) throws Exception {
    assumeThat(new File("/usr/bin/openssl").canExecute() || onPath("openssl")).as("openssl is installed").isTrue();
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:" + name,
        "-keyout", key.toString(), "-out", cert.toString())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static boolean onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (new File(d, exe).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
