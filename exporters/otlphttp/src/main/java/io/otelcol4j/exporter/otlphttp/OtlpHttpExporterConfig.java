package io.otelcol4j.exporter.otlphttp;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.Signal;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.exporterhelper.RetryConfig;
import io.otelcol4j.exporterhelper.QueueConfig;
import io.otelcol4j.exporterhelper.TimeoutConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code otlphttp} exporter, with the keys and defaults of the collector's
 * {@code otlphttpexporter} (its {@code confighttp.ClientConfig} plus the exporter helper's keys).
 *
 * <pre>{@code
 * exporters:
 *   otlphttp:
 *     endpoint: https://otelcol:4318
 *     encoding: proto
 *     compression: gzip
 *     headers:
 *       x-tenant: acme
 *     timeout: 30s
 * }</pre>
 *
 * <p>Not supported (unknown-key errors): {@code proxy_url}, {@code auth}, {@code max_idle_conns}
 * and the other connection-pool keys, {@code tls.ca_pem} and the other in-line PEM / version /
 * cipher TLS keys.
 *
 * @param endpoint {@code endpoint}: the base URL; {@code /v1/traces}, {@code /v1/metrics} and
 *     {@code /v1/logs} are appended per signal. Empty when every signal has its own endpoint.
 * @param tracesEndpoint {@code traces_endpoint}: the full URL for traces, overriding
 *     {@code endpoint}; empty for none
 * @param metricsEndpoint {@code metrics_endpoint}: as {@code traces_endpoint}, for metrics
 * @param logsEndpoint {@code logs_endpoint}: as {@code traces_endpoint}, for logs
 * @param encoding {@code encoding}: {@code proto} (default) or {@code json}
 * @param compression {@code compression}: {@code gzip} (default, {@value #DEFAULT_COMPRESSION}) or
 *     {@code none}
 * @param headers {@code headers}: HTTP headers sent with every request
 * @param tls {@code tls}: for {@code https://} URLs
 * @param readBufferSize {@code read_buffer_size}: accepted for compatibility; the JDK client sizes
 *     its own buffers. Default 0.
 * @param writeBufferSize {@code write_buffer_size}: accepted for compatibility, as
 *     {@code read_buffer_size}. Default 512KiB.
 * @param helper {@code timeout} (default 30s: the whole HTTP request, as upstream's client
 *     timeout), {@code retry_on_failure} and {@code sending_queue}
 */
public record OtlpHttpExporterConfig(
    String endpoint,
    String tracesEndpoint,
    String metricsEndpoint,
    String logsEndpoint,
    Encoding encoding,
    String compression,
    Map<String, String> headers,
    Tls tls,
    long readBufferSize,
    long writeBufferSize,
    ExporterHelperConfig helper) implements ComponentConfig {

  /** The message when no endpoint is given, as upstream writes it. */
  public static final String ENDPOINT_REQUIRED = "at least one endpoint must be specified";

  /** Default {@code compression}. */
  public static final String DEFAULT_COMPRESSION = "gzip";

  /** Default {@code timeout}: 30s, upstream's HTTP client timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Default {@code read_buffer_size}: {@value}. */
  public static final long DEFAULT_READ_BUFFER_SIZE = 0;

  /** Default {@code write_buffer_size}: {@value} (512KiB). */
  public static final long DEFAULT_WRITE_BUFFER_SIZE = 512 * 1024;

  static final String COMPRESSION_NONE = "none";

  /** How requests are encoded. */
  public enum Encoding {
    /** Binary protobuf, {@code application/x-protobuf}. */
    PROTO("application/x-protobuf"),
    /** OTLP/JSON, {@code application/json}. */
    JSON("application/json");

    private final String contentType;

    Encoding(String contentType) {
      this.contentType = contentType;
    }

    /** The request's {@code Content-Type}. */
    public String contentType() {
      return contentType;
    }
  }

  public OtlpHttpExporterConfig {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(tracesEndpoint, "tracesEndpoint");
    requireNonNull(metricsEndpoint, "metricsEndpoint");
    requireNonNull(logsEndpoint, "logsEndpoint");
    requireNonNull(encoding, "encoding");
    requireNonNull(compression, "compression");
    headers = Map.copyOf(requireNonNull(headers, "headers"));
    requireNonNull(tls, "tls");
    requireNonNull(helper, "helper");
  }

  /** The collector's helper defaults, with upstream's 30s {@code timeout}. */
  public static ExporterHelperConfig defaultHelper() {
    return new ExporterHelperConfig(new TimeoutConfig(DEFAULT_TIMEOUT), RetryConfig.defaults(), QueueConfig.defaults());
  }

  /** A config sending to base URL {@code endpoint} with every other key at its default. */
  public static OtlpHttpExporterConfig of(String endpoint) {
    return new OtlpHttpExporterConfig(endpoint, "", "", "", Encoding.PROTO, DEFAULT_COMPRESSION, Map.of(), Tls.defaults(),
        DEFAULT_READ_BUFFER_SIZE, DEFAULT_WRITE_BUFFER_SIZE, defaultHelper());
  }

  /** This config with other helper settings. */
  public OtlpHttpExporterConfig withHelper(ExporterHelperConfig newHelper) {
    return new OtlpHttpExporterConfig(endpoint, tracesEndpoint, metricsEndpoint, logsEndpoint, encoding, compression,
        headers, tls, readBufferSize, writeBufferSize, newHelper);
  }

  /** This config with another encoding. */
  public OtlpHttpExporterConfig withEncoding(Encoding newEncoding) {
    return new OtlpHttpExporterConfig(endpoint, tracesEndpoint, metricsEndpoint, logsEndpoint, newEncoding, compression,
        headers, tls, readBufferSize, writeBufferSize, helper);
  }

  /** This config with another compression, {@code gzip} or {@code none}. */
  public OtlpHttpExporterConfig withCompression(String newCompression) {
    return new OtlpHttpExporterConfig(endpoint, tracesEndpoint, metricsEndpoint, logsEndpoint, encoding, newCompression,
        headers, tls, readBufferSize, writeBufferSize, helper);
  }

  /** This config with other headers. */
  public OtlpHttpExporterConfig withHeaders(Map<String, String> newHeaders) {
    return new OtlpHttpExporterConfig(endpoint, tracesEndpoint, metricsEndpoint, logsEndpoint, encoding, compression,
        newHeaders, tls, readBufferSize, writeBufferSize, helper);
  }

  /** This config with per-signal URLs; empty strings keep the base URL for that signal. */
  public OtlpHttpExporterConfig withSignalEndpoints(String traces, String metrics, String logs) {
    return new OtlpHttpExporterConfig(endpoint, traces, metrics, logs, encoding, compression, headers, tls,
        readBufferSize, writeBufferSize, helper);
  }

  /** This config with other TLS settings. */
  public OtlpHttpExporterConfig withTls(Tls newTls) {
    return new OtlpHttpExporterConfig(endpoint, tracesEndpoint, metricsEndpoint, logsEndpoint, encoding, compression,
        headers, newTls, readBufferSize, writeBufferSize, helper);
  }

  /** True when request bodies are gzip-compressed. */
  public boolean gzip() {
    return compression.equals(DEFAULT_COMPRESSION);
  }

  /**
   * The URL a signal is sent to: its own endpoint when set, else the base URL with
   * {@code /v1/<signal>} appended (one trailing slash of the base is dropped), or null when neither
   * is set.
   */
  public @Nullable URI url(Signal signal) {
    String own;
    switch (signal) {
      case TRACES:
        own = tracesEndpoint;
        break;
      case METRICS:
        own = metricsEndpoint;
        break;
      default:
        own = logsEndpoint;
        break;
    }
    if (!own.isEmpty()) {
      return URI.create(own);
    }
    if (endpoint.isEmpty()) {
      return null;
    }
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return URI.create(base + "/v1/" + signal.configName());
  }

  /** Binds and validates an {@code otlphttp} exporter node; every problem is reported on {@code node}. */
  public static OtlpHttpExporterConfig from(ConfigNode node) {
    String endpoint = node.string("endpoint", "");
    String traces = node.string("traces_endpoint", "");
    String metrics = node.string("metrics_endpoint", "");
    String logs = node.string("logs_endpoint", "");
    if (endpoint.isEmpty() && traces.isEmpty() && metrics.isEmpty() && logs.isEmpty()) {
      node.problem("endpoint", ENDPOINT_REQUIRED);
    }
    endpoint = checked(node, "endpoint", endpoint);
    traces = checked(node, "traces_endpoint", traces);
    metrics = checked(node, "metrics_endpoint", metrics);
    logs = checked(node, "logs_endpoint", logs);
    Encoding encoding = node.enumValue("encoding", Encoding.class, Encoding.PROTO);
    String compression = node.string("compression", DEFAULT_COMPRESSION);
    if (compression.isEmpty()) {
      compression = COMPRESSION_NONE;
    }
    if (!compression.equals(DEFAULT_COMPRESSION) && !compression.equals(COMPRESSION_NONE)) {
      node.problem("compression", "\"" + compression + "\" is not supported (expected: one of gzip, none)");
      compression = DEFAULT_COMPRESSION;
    }
    Map<String, String> headers = node.stringMap("headers");
    Tls tls = Tls.from(node.child("tls"));
    long read = node.bytes("read_buffer_size", DEFAULT_READ_BUFFER_SIZE);
    long write = node.bytes("write_buffer_size", DEFAULT_WRITE_BUFFER_SIZE);
    ExporterHelperConfig helper = new ExporterHelperConfig(
        new TimeoutConfig(node.duration(TimeoutConfig.KEY, DEFAULT_TIMEOUT)),
        RetryConfig.from(node.child(RetryConfig.KEY)),
        QueueConfig.from(node.child(QueueConfig.KEY)));
    return new OtlpHttpExporterConfig(endpoint, traces, metrics, logs, encoding, compression, headers, tls, read, write,
        helper);
  }

  private static String checked(ConfigNode node, String key, String s) {
    if (s.isEmpty()) {
      return s;
    }
    String problem = checkUrl(s);
    if (problem != null) {
      node.problem(key, problem);
      return "";
    }
    return s;
  }

  private static @Nullable String checkUrl(String s) {
    String expected = " (expected: an http:// or https:// URL, e.g. https://otelcol:4318)";
    try {
      URI u = new URI(s);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return "\"" + s + "\": unsupported protocol scheme \"" + scheme + "\"" + expected;
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        return "\"" + s + "\": no host in URL" + expected;
      }
      return null;
    } catch (URISyntaxException e) {
      return "\"" + s + "\": " + e.getReason() + expected;
    }
  }

  /**
   * The {@code tls} block, for {@code https://} URLs: the collector's {@code configtls.ClientConfig}
   * keys that apply here.
   *
   * @param insecure {@code insecure}: accepted for compatibility; as upstream's HTTP client, the
   *     URL scheme decides between TLS and plain text. Default false.
   * @param insecureSkipVerify {@code insecure_skip_verify}: do not verify the server's certificate
   *     chain or host name; default false
   * @param caFile {@code ca_file}: PEM file of the CAs trusted for the server's certificate; empty
   *     for the JVM's default trust store
   * @param certFile {@code cert_file}: PEM client certificate for mutual TLS; empty for none
   * @param keyFile {@code key_file}: PEM (PKCS#8) key of {@code cert_file}
   * @param serverNameOverride {@code server_name_override}: the name sent as TLS SNI and checked
   *     against the server's certificate
   */
  public record Tls(
      boolean insecure,
      boolean insecureSkipVerify,
      String caFile,
      String certFile,
      String keyFile,
      String serverNameOverride) {
    public Tls {
      requireNonNull(caFile, "caFile");
      requireNonNull(certFile, "certFile");
      requireNonNull(keyFile, "keyFile");
      requireNonNull(serverNameOverride, "serverNameOverride");
    }

    /** Verified TLS with the JVM's trust store. */
    public static Tls defaults() {
      return new Tls(false, false, "", "", "", "");
    }

    static Tls from(ConfigNode node) {
      Tls t = new Tls(
          node.bool("insecure", false),
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
}
