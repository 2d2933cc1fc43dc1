package io.otelcol4j.exporter.prometheusremotewrite;

import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.T0;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.attr;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.batch;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.gauge;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.point;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.resource;
import static io.otelcol4j.exporter.prometheusremotewrite.Otlp.rm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.extension.sigv4auth.SigV4AuthExtension;
import io.otelcol4j.extension.sigv4auth.SigV4AuthExtensionConfig;
import io.otelcol4j.testing.NopHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The exporter signing through the {@code sigv4auth} extension against a fake Amazon Managed
 * Service for Prometheus that recomputes every signature itself and answers 403 on a mismatch.
 */
class AmpSigV4Test {
  private static final String REGION = "us-west-2";
  private static final String ROLE = "arn:aws:iam::123456789012:role/amp-writer";
  private static final ComponentId AUTH = ComponentId.of("sigv4auth");

  private final TestSupport support = new TestSupport();
  private final SigV4Verifier amp = new SigV4Verifier("aps", REGION);
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private FakeRemoteWrite ampServer() throws Exception {
    FakeRemoteWrite s = new FakeRemoteWrite().verifier(amp);
    closeables.add(s);
    return s;
  }

  private Exporter<MetricsBatch> exporter(FakeRemoteWrite server, SigV4AuthExtension ext) throws Exception {
    ext.start(new NopHost());
    closeables.add(() -> ext.shutdown(Duration.ofSeconds(1)));
    Exporter<MetricsBatch> e = new PrometheusRemoteWriteExporterFactory().createMetrics(support.settings(),
        TestSupport.config("endpoint: " + server.endpoint().replace("/api/v1/write", "/workspaces/ws-1/api/v1/remote_write")
            + "\nauth: {authenticator: sigv4auth}\nremote_write_queue: {enabled: false, num_consumers: 1}\n"
            + "retry_on_failure: {initial_interval: 10ms, max_interval: 50ms, max_elapsed_time: 1s}\n"));
    e.start(new NopHost().with(AUTH, ext));
    closeables.add(() -> e.shutdown(Duration.ofSeconds(2)));
    return e;
  }

  private static MetricsBatch sample() {
    return batch(rm(resource(attr("service.name", "svc")), gauge("up", "", point(1, T0))));
  }

  private static SigV4AuthExtensionConfig config(SigV4AuthExtensionConfig.AssumeRole role) {
    return new SigV4AuthExtensionConfig(REGION, "aps", role);
  }

  @Test
  void staticKeysAreAccepted() throws Exception {
    amp.allow("AKIDSTATIC", "static-secret", "");
    FakeRemoteWrite server = ampServer();
    SigV4AuthExtension ext = SigV4AuthExtension.builder(config(null))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTATIC", "static-secret")))
        .build();

    exporter(server, ext).consume(Context.EMPTY, sample());

    assertThat(server.accepted()).hasSize(1);
    assertThat(server.accepted().get(0).headers().get("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTATIC/").contains("/us-west-2/aps/aws4_request");
    assertThat(support.logs).noneSatisfy(l -> assertThat(l).contains("static-secret"));
  }

  @Test
  void staticKeysFromTheEnvironmentAreAccepted() throws Exception {
    amp.allow("AKIDENV", "env-secret", "env-token");
    FakeRemoteWrite server = ampServer();
    SigV4AuthExtension ext = SigV4AuthExtension.builder(config(null))
        .environment(Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY", "env-secret",
            "AWS_SESSION_TOKEN", "env-token"))
        .build();

    exporter(server, ext).consume(Context.EMPTY, sample());

    assertThat(server.accepted()).hasSize(1);
    assertThat(server.accepted().get(0).headers()).containsEntry("x-amz-security-token", "env-token");
  }

  @Test
  void aWrongSecretIsRejectedWith403AndDroppedAsPermanent() throws Exception {
    amp.allow("AKIDSTATIC", "static-secret", "");
    FakeRemoteWrite server = ampServer();
    SigV4AuthExtension ext = SigV4AuthExtension.builder(config(null))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTATIC", "wrong-secret")))
        .build();
    Exporter<MetricsBatch> e = exporter(server, ext);

    assertThatThrownBy(() -> e.consume(Context.EMPTY, sample()))
        .isInstanceOf(PermanentConsumeException.class)
        .hasMessageContaining("returned HTTP status 403")
        .hasMessageContaining("The request signature we calculated does not match");

    assertThat(server.requests()).hasSize(1);
    assertThat(server.accepted()).isEmpty();
    assertThat(support.counter("otelcol_exporter_send_failed_metric_points")).isEqualTo(1);
    assertThat(support.logs).noneSatisfy(l -> assertThat(l).contains("wrong-secret"));
  }

  @Test
  void webIdentityTokenFileIsExchangedWithSts(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "eyJ.fake.jwt");
    FakeSts sts = new FakeSts(new SigV4Verifier("sts", REGION), amp, "eyJ.fake.jwt");
    closeables.add(sts);
    FakeRemoteWrite server = ampServer();
    SigV4AuthExtension ext = SigV4AuthExtension.builder(config(null))
        .environment(Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(), "AWS_ROLE_ARN", ROLE,
            "AWS_ROLE_SESSION_NAME", "irsa", "AWS_REGION", REGION))
        .stsEndpoint(sts.endpoint())
        .build();

    exporter(server, ext).consume(Context.EMPTY, sample());

    assertThat(server.accepted()).hasSize(1);
    assertThat(server.accepted().get(0).headers()).containsEntry("x-amz-security-token", "temp-token-1");
    assertThat(sts.calls()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo("AssumeRoleWithWebIdentity");
      assertThat(c.params()).containsEntry("RoleArn", ROLE).containsEntry("RoleSessionName", "irsa");
    });
  }

  @Test
  void assumeRoleUsesTheBaseCredentialsWithSts() throws Exception {
    SigV4Verifier stsCaller = new SigV4Verifier("sts", REGION).allow("AKIDBASE", "base-secret", "");
    FakeSts sts = new FakeSts(stsCaller, amp, "");
    closeables.add(sts);
    FakeRemoteWrite server = ampServer();
    SigV4AuthExtension ext = SigV4AuthExtension.builder(config(new SigV4AuthExtensionConfig.AssumeRole(ROLE, REGION, "otel")))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBASE", "base-secret")))
        .stsEndpoint(sts.endpoint())
        .build();
    Exporter<MetricsBatch> e = exporter(server, ext);

    e.consume(Context.EMPTY, sample());
    e.consume(Context.EMPTY, sample());

    assertThat(server.accepted()).hasSize(2);
    assertThat(server.accepted().get(0).headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=ASIAFAKE1/");
    // Credentials valid until 2099 are cached, not fetched per request.
    assertThat(sts.calls()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo("AssumeRole");
      assertThat(c.params()).containsEntry("RoleArn", ROLE).containsEntry("RoleSessionName", "otel");
    });
  }
}
