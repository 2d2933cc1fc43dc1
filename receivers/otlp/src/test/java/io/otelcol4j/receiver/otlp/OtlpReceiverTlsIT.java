package io.otelcol4j.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelcol4j.testing.SinkConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS and mutual TLS on both protocols, with certificates made by {@code openssl} (a child process,
 * hence an IT) and the SDK's exporters as clients. Skipped when {@code openssl} is not installed.
 */
class OtlpReceiverTlsIT {
  enum Transport { GRPC, HTTP }

  @TempDir
  static Path dir;

  private final SinkConsumer sink = new SinkConsumer();
  private OtlpReceiver receiver;

  @BeforeAll
  static void makeCertificates() throws Exception {
    Assumptions.assumeTrue(openssl("version"), "openssl is not installed");
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    require(openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=otelcol4j test CA",
        "-keyout", "ca.key", "-out", "ca.crt"));
    for (String who : new String[] {"server", "client"}) {
      require(openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + who, "-keyout", who + ".key",
          "-out", who + ".csr"));
      require(openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
          "-days", "2", "-extfile", who + ".ext", "-out", who + ".crt"));
    }
  }

  private static boolean openssl(String... args) throws InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("openssl.log").toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void require(boolean ok) throws IOException {
    if (!ok) {
      throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(5));
    }
  }

  private void start(boolean mutual) throws Exception {
    OtlpReceiverConfig.Tls tls = new OtlpReceiverConfig.Tls(dir.resolve("server.crt").toString(),
        dir.resolve("server.key").toString(), mutual ? dir.resolve("ca.crt").toString() : null, "1.2", "");
    OtlpReceiverConfig d = Receivers.loopback();
    OtlpReceiverConfig.Grpc g = d.grpc();
    receiver = Receivers.start(new OtlpReceiverConfig(
        new OtlpReceiverConfig.Grpc("127.0.0.1:0", 4, 0, g.readBufferSize(), g.writeBufferSize(), g.keepalive(), tls,
            false),
        new OtlpReceiverConfig.Http("127.0.0.1:0", "/v1/traces", "/v1/metrics", "/v1/logs", 1 << 20, null, tls, false)),
        sink);
  }

  private SpanExporter exporter(Transport t, String scheme, boolean clientCert) throws IOException {
    byte[] ca = Files.readAllBytes(dir.resolve("ca.crt"));
    byte[] key = Files.readAllBytes(dir.resolve("client.key"));
    byte[] cert = Files.readAllBytes(dir.resolve("client.crt"));
    if (t == Transport.GRPC) {
      var b = OtlpGrpcSpanExporter.builder().setEndpoint(scheme + "://127.0.0.1:" + receiver.grpcPort())
          .setTrustedCertificates(ca).setRetryPolicy(null).setTimeout(Duration.ofSeconds(10));
      if (clientCert) {
        b.setClientTls(key, cert);
      }
      return b.build();
    }
    var b = OtlpHttpSpanExporter.builder().setEndpoint(scheme + "://127.0.0.1:" + receiver.httpPort() + "/v1/traces")
        .setTrustedCertificates(ca).setRetryPolicy(null).setTimeout(Duration.ofSeconds(10));
    if (clientCert) {
      b.setClientTls(key, cert);
    }
    return b.build();
  }

  private boolean export(SpanExporter e, int n) {
    try {
      return e.export(SdkData.spans(n)).join(20, TimeUnit.SECONDS).isSuccess();
    } finally {
      e.shutdown();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void serverTls(Transport t) throws Exception {
    start(false);
    assertThat(export(exporter(t, "https", false), 5)).isTrue();
    assertThat(Receivers.spans(sink)).hasSize(5);
    assertThat(export(exporter(t, "http", false), 1)).as("plaintext to a TLS port").isFalse();
    assertThat(Receivers.spans(sink)).hasSize(5);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void mutualTlsRequiresAClientCertificate(Transport t) throws Exception {
    start(true);
    assertThat(export(exporter(t, "https", false), 2)).as("no client certificate").isFalse();
    assertThat(sink.itemCount()).isZero();
    assertThat(export(exporter(t, "https", true), 3)).isTrue();
    assertThat(Receivers.spans(sink)).hasSize(3);
    assertThat(new String(Files.readAllBytes(dir.resolve("server.key")), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PRIVATE KEY-----");
  }
}
