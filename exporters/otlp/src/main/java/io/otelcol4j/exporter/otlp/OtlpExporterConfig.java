package io.otelcol4j.exporter.otlp;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code otlp} exporter, with the keys and defaults of the collector's
 * {@code otlpexporter} (its {@code configgrpc.ClientConfig} plus the exporter helper's keys).
 *
 * <pre>{@code
 * exporters:
 *   otlp:
 *     endpoint: otelcol:4317
 *     tls:
 *       insecure: true
 *     headers:
 *       x-tenant: acme
 *     compression: gzip
 *     keepalive: {time: 10s, timeout: 10s, permit_without_stream: false}
 *     balancer_name: round_robin
 *     timeout: 5s
 *     retry_on_failure: {enabled: true}
 *     sending_queue: {enabled: true}
 * }</pre>
 *
 * <p>Not supported (unknown-key errors): {@code read_buffer_size}, {@code write_buffer_size},
 * {@code wait_for_ready}, {@code authority}, and the TLS keys other than those of {@link Tls}.
 *
 * @param endpoint {@code endpoint}: {@code host:port}, or a URL {@code http://host:port} or
 *     {@code https://host:port}; required. An empty endpoint binds (so that the default config is an
 *     empty map) but is reported as {@value #ENDPOINT_REQUIRED}, and the factory refuses to build
 *     the exporter.
 * @param tls {@code tls}: transport security; TLS is used unless {@code tls.insecure} is true,
 *     and always for an {@code https://} endpoint
 * @param headers {@code headers}: gRPC metadata sent with every request
 * @param compression {@code compression}: {@code gzip} (default, {@value #DEFAULT_COMPRESSION}) or
 *     {@code none}; {@code zstd} and {@code snappy} are refused, no codec exists here
 * @param keepalive {@code keepalive}: HTTP/2 keepalive pings
 * @param balancerName {@code balancer_name}: {@code round_robin} (default,
 *     {@value #DEFAULT_BALANCER_NAME}) or {@code pick_first}
 * @param authenticator {@code auth.authenticator}: the id of a client authenticator extension, or
 *     null for none
 * @param helper {@code timeout} (default 5s), {@code retry_on_failure} and {@code sending_queue}
 */
public record OtlpExporterConfig(
    String endpoint,
    Tls tls,
    Map<String, String> headers,
    String compression,
    Keepalive keepalive,
    String balancerName,
    @Nullable ComponentId authenticator,
    ExporterHelperConfig helper) implements ComponentConfig {

  /** The message for a missing endpoint, as upstream writes it. */
  public static final String ENDPOINT_REQUIRED = "requires a non-empty \"endpoint\"";

  /** Default {@code compression}. */
  public static final String DEFAULT_COMPRESSION = "gzip";

  /** Default {@code balancer_name}. */
  public static final String DEFAULT_BALANCER_NAME = "round_robin";

  static final String COMPRESSION_NONE = "none";

  public OtlpExporterConfig {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(tls, "tls");
    headers = Map.copyOf(requireNonNull(headers, "headers"));
    requireNonNull(compression, "compression");
    requireNonNull(keepalive, "keepalive");
    requireNonNull(balancerName, "balancerName");
    requireNonNull(helper, "helper");
  }

  /** A config sending to {@code endpoint} with every other key at its default. */
  public static OtlpExporterConfig of(String endpoint) {
    return new OtlpExporterConfig(endpoint, Tls.defaults(), Map.of(), DEFAULT_COMPRESSION, Keepalive.defaults(),
        DEFAULT_BALANCER_NAME, null, ExporterHelperConfig.defaults());
  }

  /** This config with other helper settings, e.g. the queue disabled. */
  public OtlpExporterConfig withHelper(ExporterHelperConfig newHelper) {
    return new OtlpExporterConfig(endpoint, tls, headers, compression, keepalive, balancerName, authenticator, newHelper);
  }

  /** This config with other TLS settings. */
  public OtlpExporterConfig withTls(Tls newTls) {
    return new OtlpExporterConfig(endpoint, newTls, headers, compression, keepalive, balancerName, authenticator, helper);
  }

  /** This config with other headers. */
  public OtlpExporterConfig withHeaders(Map<String, String> newHeaders) {
    return new OtlpExporterConfig(endpoint, tls, newHeaders, compression, keepalive, balancerName, authenticator, helper);
  }

  /** This config with another compression, {@code gzip} or {@code none}. */
  public OtlpExporterConfig withCompression(String newCompression) {
    return new OtlpExporterConfig(endpoint, tls, headers, newCompression, keepalive, balancerName, authenticator, helper);
  }

  /** This config with a client authenticator. */
  public OtlpExporterConfig withAuthenticator(@Nullable ComponentId newAuthenticator) {
    return new OtlpExporterConfig(endpoint, tls, headers, compression, keepalive, balancerName, newAuthenticator, helper);
  }

  /** True when requests are gzip-compressed. */
  public boolean gzip() {
    return compression.equals(DEFAULT_COMPRESSION);
  }

  /**
   * Binds and validates an {@code otlp} exporter node. Every problem is reported on {@code node};
   * the best-effort value is returned.
   */
  public static OtlpExporterConfig from(ConfigNode node) {
    String endpoint = node.string("endpoint", "");
    if (endpoint.isEmpty()) {
      node.problem("endpoint", ENDPOINT_REQUIRED);
    } else {
      String bad = GrpcTarget.validate(endpoint);
      if (bad != null) {
        node.problem("endpoint", bad);
      }
    }
    Tls tls = Tls.from(node.child("tls"));
    Map<String, String> headers = node.stringMap("headers");
    String compression = node.string("compression", DEFAULT_COMPRESSION);
    if (compression.isEmpty()) {
      compression = COMPRESSION_NONE;
    }
    if (!compression.equals(DEFAULT_COMPRESSION) && !compression.equals(COMPRESSION_NONE)) {
      node.problem("compression", "\"" + compression + "\" is not supported (expected: one of gzip, none)");
      compression = DEFAULT_COMPRESSION;
    }
    Keepalive keepalive = Keepalive.from(node.child("keepalive"));
    String balancer = node.oneOf("balancer_name", DEFAULT_BALANCER_NAME, "pick_first", "round_robin");
    ComponentId authenticator = node.child("auth").componentId("authenticator", null);
    ExporterHelperConfig helper = ExporterHelperConfig.from(node);
    return new OtlpExporterConfig(endpoint, tls, headers, compression, keepalive, balancer, authenticator, helper);
  }

  /**
   * The {@code tls} block: the collector's {@code configtls.ClientConfig} keys that apply here.
   *
   * @param insecure {@code insecure}: send in plain text (h2c); default {@value #DEFAULT_INSECURE}.
   *     Ignored for an {@code https://} endpoint.
   * @param insecureSkipVerify {@code insecure_skip_verify}: encrypt but do not verify the server's
   *     certificate chain or host name; default false
   * @param caFile {@code ca_file}: PEM file of the CAs trusted for the server's certificate; empty
   *     for the JVM's default trust store
   * @param certFile {@code cert_file}: PEM client certificate for mutual TLS; empty for none
   * @param keyFile {@code key_file}: PEM (PKCS#8) key of {@code cert_file}
   * @param serverNameOverride {@code server_name_override}: the name the server's certificate is
   *     verified against (and the request authority), instead of the endpoint's host
   */
  public record Tls(
      boolean insecure,
      boolean insecureSkipVerify,
      String caFile,
      String certFile,
      String keyFile,
      String serverNameOverride) {
    /** Default {@code insecure}: {@value}. */
    public static final boolean DEFAULT_INSECURE = false;

    public Tls {
      requireNonNull(caFile, "caFile");
      requireNonNull(certFile, "certFile");
      requireNonNull(keyFile, "keyFile");
      requireNonNull(serverNameOverride, "serverNameOverride");
    }

    /** Verified TLS with the JVM's trust store. */
    public static Tls defaults() {
      return new Tls(DEFAULT_INSECURE, false, "", "", "", "");
    }

    /** Plain text. */
    public static Tls plaintext() {
      return new Tls(true, false, "", "", "", "");
    }

    static Tls from(ConfigNode node) {
      Tls t = new Tls(
          node.bool("insecure", DEFAULT_INSECURE),
          node.bool("insecure_skip_verify", false),
          node.string("ca_file", ""),
          node.string("cert_file", ""),
          node.string("key_file", ""),
          node.string("server_name_override", ""));
      if (t.certFile.isEmpty() != t.keyFile.isEmpty()) {
        node.problem(null, "for auth via TLS, provide both certificate and key, or neither"
            + " (expected: cert_file and key_file together)");
      }
      return t;
    }
  }

  /**
   * The {@code keepalive} block: HTTP/2 pings on an idle connection, as gRPC's client keepalive
   * parameters. gRPC-Java sends pings no more often than every 10s whatever {@code time} says.
   *
   * @param time {@code time}: ping after this long without activity; default 10s; zero disables
   * @param timeout {@code timeout}: close the connection when a ping is not answered within this;
   *     default 10s
   * @param permitWithoutStream {@code permit_without_stream}: ping also when no request is in
   *     flight; default false
   */
  public record Keepalive(Duration time, Duration timeout, boolean permitWithoutStream) {
    /** Default {@code time}: 10s. */
    public static final Duration DEFAULT_TIME = Duration.ofSeconds(10);

    /** Default {@code timeout}: 10s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Keepalive {
      requireNonNull(time, "time");
      requireNonNull(timeout, "timeout");
    }

    /** The collector's defaults. */
    public static Keepalive defaults() {
      return new Keepalive(DEFAULT_TIME, DEFAULT_TIMEOUT, false);
    }

    static Keepalive from(ConfigNode node) {
      return new Keepalive(
          node.duration("time", DEFAULT_TIME),
          node.duration("timeout", DEFAULT_TIMEOUT),
          node.bool("permit_without_stream", false));
    }
  }
}
