package io.otelcol4j.receiver.otlp;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code otlp} receiver, with the collector's {@code otlpreceiver} keys:
 *
 * <pre>{@code
 * receivers:
 *   otlp:
 *     protocols:
 *       grpc:                 # enabled because the key is present, even when empty
 *         endpoint: localhost:4317
 *       http:
 *         endpoint: localhost:4318
 * }</pre>
 *
 * <p>A protocol is enabled when its key is written under {@code protocols}, even with no value.
 * When {@code protocols} is written, at least one protocol must be. When the receiver's config is
 * empty (no {@code protocols} key), both protocols are enabled with their defaults: that is the
 * default config, which an empty config must bind to.
 *
 * @param grpc the gRPC server, or null when disabled
 * @param http the HTTP server, or null when disabled
 */
public record OtlpReceiverConfig(@Nullable Grpc grpc, @Nullable Http http) implements ComponentConfig {
  /** Default {@code protocols.grpc.endpoint}: {@value}. */
  public static final String DEFAULT_GRPC_ENDPOINT = "localhost:4317";
  /** Default {@code protocols.http.endpoint}: {@value}. */
  public static final String DEFAULT_HTTP_ENDPOINT = "localhost:4318";
  /** Default {@code protocols.grpc.max_recv_msg_size_mib}: {@value} MiB, gRPC's own default. */
  public static final int DEFAULT_MAX_RECV_MSG_SIZE_MIB = 4;
  /** Default {@code protocols.grpc.max_concurrent_streams}: {@value} (no limit). */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 0;
  /** Default {@code protocols.grpc.read_buffer_size}: {@value} bytes (512 KiB), as upstream. */
  public static final long DEFAULT_READ_BUFFER_SIZE = 512 * 1024;
  /** Default {@code protocols.grpc.write_buffer_size}: {@value} bytes (transport default). */
  public static final long DEFAULT_WRITE_BUFFER_SIZE = 0;
  /** Default {@code protocols.http.max_request_body_size}: {@value} bytes (20 MiB), as upstream. */
  public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 20L * 1024 * 1024;
  /** Default {@code protocols.http.traces_url_path}: {@value}. */
  public static final String DEFAULT_TRACES_URL_PATH = "/v1/traces";
  /** Default {@code protocols.http.metrics_url_path}: {@value}. */
  public static final String DEFAULT_METRICS_URL_PATH = "/v1/metrics";
  /** Default {@code protocols.http.logs_url_path}: {@value}. */
  public static final String DEFAULT_LOGS_URL_PATH = "/v1/logs";
  /** Default {@code tls.min_version}: {@value}. */
  public static final String DEFAULT_TLS_MIN_VERSION = "1.2";
  /** Default {@code include_metadata}: {@value}. */
  public static final boolean DEFAULT_INCLUDE_METADATA = false;

  /** Message when {@code protocols} enables neither protocol, in the collector's words. */
  static final String NO_PROTOCOL = "must specify at least one protocol when using the OTLP receiver";

  private static final String[] TLS_VERSIONS = {"1.0", "1.1", "1.2", "1.3"};

  public OtlpReceiverConfig {
    if (grpc == null && http == null) {
      throw new IllegalArgumentException(NO_PROTOCOL);
    }
  }

  /** Both protocols with their defaults: what an empty config binds to. */
  public static OtlpReceiverConfig defaults() {
    return new OtlpReceiverConfig(Grpc.defaults(), Http.defaults());
  }

  /** Binds the receiver's config; problems are reported through {@code node}. */
  public static OtlpReceiverConfig from(ConfigNode node) {
    if (!node.keys().contains("protocols")) {
      node.child("protocols"); // marks the key known
      return defaults();
    }
    ConfigNode protocols = node.child("protocols");
    Set<String> written = protocols.keys();
    ConfigNode grpcNode = protocols.child("grpc");
    ConfigNode httpNode = protocols.child("http");
    Grpc grpc = written.contains("grpc") ? Grpc.from(grpcNode) : null;
    Http http = written.contains("http") ? Http.from(httpNode) : null;
    if (grpc == null && http == null) {
      protocols.problem(null, NO_PROTOCOL);
      return defaults();
    }
    return new OtlpReceiverConfig(grpc, http);
  }

  /**
   * The gRPC server ({@code protocols.grpc}).
   *
   * @param endpoint {@code host:port} to listen on; default {@value #DEFAULT_GRPC_ENDPOINT}
   * @param maxRecvMsgSizeMib largest request accepted, after decompression, in MiB; default
   *     {@value #DEFAULT_MAX_RECV_MSG_SIZE_MIB}. Larger requests get {@code RESOURCE_EXHAUSTED}
   * @param maxConcurrentStreams HTTP/2 streams per connection; 0 (default) is unlimited
   * @param readBufferSize accepted for config compatibility; gRPC-Java sizes its buffers itself
   * @param writeBufferSize accepted for config compatibility; gRPC-Java sizes its buffers itself
   * @param keepalive keepalive parameters and enforcement; zero durations keep gRPC's defaults
   * @param tls TLS, or null for plaintext
   * @param includeMetadata whether request metadata is passed into the pipeline's context
   */
  public record Grpc(
      String endpoint,
      int maxRecvMsgSizeMib,
      int maxConcurrentStreams,
      long readBufferSize,
      long writeBufferSize,
      Keepalive keepalive,
      @Nullable Tls tls,
      boolean includeMetadata) {
    public Grpc {
      requireNonNull(endpoint, "endpoint");
      requireNonNull(keepalive, "keepalive");
    }

    public static Grpc defaults() {
      return new Grpc(DEFAULT_GRPC_ENDPOINT, DEFAULT_MAX_RECV_MSG_SIZE_MIB, DEFAULT_MAX_CONCURRENT_STREAMS,
          DEFAULT_READ_BUFFER_SIZE, DEFAULT_WRITE_BUFFER_SIZE, Keepalive.defaults(), null, DEFAULT_INCLUDE_METADATA);
    }

    static Grpc from(ConfigNode n) {
      String endpoint = bindEndpoint(n, DEFAULT_GRPC_ENDPOINT);
      int maxMib = n.intValue("max_recv_msg_size_mib", DEFAULT_MAX_RECV_MSG_SIZE_MIB);
      if (maxMib < 1 || maxMib > 2047) {
        n.problem("max_recv_msg_size_mib", maxMib + " (expected: a number of MiB between 1 and 2047)");
        maxMib = DEFAULT_MAX_RECV_MSG_SIZE_MIB;
      }
      int streams = n.intValue("max_concurrent_streams", DEFAULT_MAX_CONCURRENT_STREAMS);
      if (streams < 0) {
        n.problem("max_concurrent_streams", streams + " (expected: >= 0, 0 for no limit)");
        streams = DEFAULT_MAX_CONCURRENT_STREAMS;
      }
      long read = nonNegativeBytes(n, "read_buffer_size", DEFAULT_READ_BUFFER_SIZE);
      long write = nonNegativeBytes(n, "write_buffer_size", DEFAULT_WRITE_BUFFER_SIZE);
      Keepalive keepalive = Keepalive.from(n.child("keepalive"));
      Tls tls = Tls.fromOptional(n);
      boolean include = n.bool("include_metadata", DEFAULT_INCLUDE_METADATA);
      return new Grpc(endpoint, maxMib, streams, read, write, keepalive, tls, include);
    }

    /** The endpoint parsed; valid by construction when bound from YAML. */
    HostPort hostPort() {
      return parseEndpoint(endpoint);
    }
  }

  /**
   * gRPC keepalive ({@code protocols.grpc.keepalive}).
   *
   * @param serverParameters how the server pings and ages connections
   * @param enforcementPolicy what client pings the server tolerates
   */
  public record Keepalive(ServerParameters serverParameters, EnforcementPolicy enforcementPolicy) {
    public Keepalive {
      requireNonNull(serverParameters, "serverParameters");
      requireNonNull(enforcementPolicy, "enforcementPolicy");
    }

    public static Keepalive defaults() {
      return new Keepalive(ServerParameters.defaults(), EnforcementPolicy.defaults());
    }

    static Keepalive from(ConfigNode n) {
      return new Keepalive(
          ServerParameters.from(n.child("server_parameters")), EnforcementPolicy.from(n.child("enforcement_policy")));
    }
  }

  /**
   * {@code keepalive.server_parameters}; a zero duration (the default) keeps gRPC's default:
   * no idle limit, no age limit, no grace limit, ping after 2h idle, 20s ping timeout.
   *
   * @param maxConnectionIdle close a connection idle this long
   * @param maxConnectionAge close a connection this old (gracefully, with GOAWAY)
   * @param maxConnectionAgeGrace time given to in-flight calls after {@code maxConnectionAge}
   * @param time ping the client after this long without activity
   * @param timeout close the connection when a ping is not answered within this
   */
  public record ServerParameters(
      Duration maxConnectionIdle, Duration maxConnectionAge, Duration maxConnectionAgeGrace, Duration time,
      Duration timeout) {
    public ServerParameters {
      requireNonNull(maxConnectionIdle, "maxConnectionIdle");
      requireNonNull(maxConnectionAge, "maxConnectionAge");
      requireNonNull(maxConnectionAgeGrace, "maxConnectionAgeGrace");
      requireNonNull(time, "time");
      requireNonNull(timeout, "timeout");
    }

    public static ServerParameters defaults() {
      return new ServerParameters(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    static ServerParameters from(ConfigNode n) {
      return new ServerParameters(
          n.duration("max_connection_idle", Duration.ZERO),
          n.duration("max_connection_age", Duration.ZERO),
          n.duration("max_connection_age_grace", Duration.ZERO),
          n.duration("time", Duration.ZERO),
          n.duration("timeout", Duration.ZERO));
    }
  }

  /**
   * {@code keepalive.enforcement_policy}.
   *
   * @param minTime the shortest ping interval tolerated from clients; zero keeps gRPC's 5m
   * @param permitWithoutStream whether clients may ping while no call is open; default false
   */
  public record EnforcementPolicy(Duration minTime, boolean permitWithoutStream) {
    public EnforcementPolicy {
      requireNonNull(minTime, "minTime");
    }

    public static EnforcementPolicy defaults() {
      return new EnforcementPolicy(Duration.ZERO, false);
    }

    static EnforcementPolicy from(ConfigNode n) {
      return new EnforcementPolicy(n.duration("min_time", Duration.ZERO), n.bool("permit_without_stream", false));
    }
  }

  /**
   * Server TLS ({@code tls}), for either protocol. The files are read when the receiver starts.
   *
   * @param certFile PEM certificate chain of the server
   * @param keyFile PEM private key of the server, PKCS#8 ({@code BEGIN PRIVATE KEY})
   * @param clientCaFile PEM CA bundle; when set, clients must present a certificate it signed (mTLS)
   * @param minVersion lowest TLS version accepted: 1.0, 1.1, 1.2 or 1.3; default
   *     {@value #DEFAULT_TLS_MIN_VERSION}
   * @param maxVersion highest TLS version accepted, or empty (default) for the highest available
   */
  public record Tls(String certFile, String keyFile, @Nullable String clientCaFile, String minVersion, String maxVersion) {
    public Tls {
      requireNonNull(certFile, "certFile");
      requireNonNull(keyFile, "keyFile");
      requireNonNull(minVersion, "minVersion");
      requireNonNull(maxVersion, "maxVersion");
    }

    /** The {@code tls} block of {@code parent}, or null when it is not written. */
    static @Nullable Tls fromOptional(ConfigNode parent) {
      boolean written = parent.keys().contains("tls");
      ConfigNode n = parent.child("tls");
      if (!written) {
        return null;
      }
      String cert = n.string("cert_file", "");
      String key = n.string("key_file", "");
      String ca = n.stringOrNull("client_ca_file");
      String min = n.oneOf("min_version", DEFAULT_TLS_MIN_VERSION, TLS_VERSIONS);
      String max = n.oneOf("max_version", "", TLS_VERSIONS);
      if (cert.isEmpty() || key.isEmpty()) {
        n.problem(null, "cert_file and key_file must both be set (expected: paths to PEM files)");
      }
      if (!max.isEmpty() && max.compareTo(min) < 0) {
        n.problem("max_version", "\"" + max + "\" is lower than min_version \"" + min + "\" (expected: >= min_version)");
      }
      return new Tls(cert, key, ca == null || ca.isEmpty() ? null : ca, min, max);
    }

    /** The JDK protocol names from {@code minVersion} to {@code maxVersion}. */
    String[] protocols() {
      String max = maxVersion.isEmpty() ? "1.3" : maxVersion;
      return List.of(TLS_VERSIONS).stream()
          .filter(v -> v.compareTo(minVersion) >= 0 && v.compareTo(max) <= 0)
          .map(v -> "TLSv" + v)
          .toArray(String[]::new);
    }
  }

  /**
   * The HTTP server ({@code protocols.http}).
   *
   * @param endpoint {@code host:port} to listen on; default {@value #DEFAULT_HTTP_ENDPOINT}
   * @param tracesUrlPath path of the traces endpoint; default {@value #DEFAULT_TRACES_URL_PATH}
   * @param metricsUrlPath path of the metrics endpoint; default {@value #DEFAULT_METRICS_URL_PATH}
   * @param logsUrlPath path of the logs endpoint; default {@value #DEFAULT_LOGS_URL_PATH}
   * @param maxRequestBodySize largest body accepted, before and after decompression; default
   *     {@value #DEFAULT_MAX_REQUEST_BODY_SIZE} bytes. Larger bodies get 413
   * @param cors CORS for browser clients, or null for none
   * @param tls TLS, or null for plaintext
   * @param includeMetadata whether request headers are passed into the pipeline's context
   */
  public record Http(
      String endpoint,
      String tracesUrlPath,
      String metricsUrlPath,
      String logsUrlPath,
      long maxRequestBodySize,
      @Nullable Cors cors,
      @Nullable Tls tls,
      boolean includeMetadata) {
    public Http {
      requireNonNull(endpoint, "endpoint");
      requireNonNull(tracesUrlPath, "tracesUrlPath");
      requireNonNull(metricsUrlPath, "metricsUrlPath");
      requireNonNull(logsUrlPath, "logsUrlPath");
    }

    public static Http defaults() {
      return new Http(DEFAULT_HTTP_ENDPOINT, DEFAULT_TRACES_URL_PATH, DEFAULT_METRICS_URL_PATH, DEFAULT_LOGS_URL_PATH,
          DEFAULT_MAX_REQUEST_BODY_SIZE, null, null, DEFAULT_INCLUDE_METADATA);
    }

    static Http from(ConfigNode n) {
      String endpoint = bindEndpoint(n, DEFAULT_HTTP_ENDPOINT);
      String traces = urlPath(n, "traces_url_path", DEFAULT_TRACES_URL_PATH);
      String metrics = urlPath(n, "metrics_url_path", DEFAULT_METRICS_URL_PATH);
      String logs = urlPath(n, "logs_url_path", DEFAULT_LOGS_URL_PATH);
      long max = n.bytes("max_request_body_size", DEFAULT_MAX_REQUEST_BODY_SIZE);
      if (max <= 0 || max > Integer.MAX_VALUE) {
        n.problem("max_request_body_size", max + " (expected: a size between 1 and 2147483647 bytes, e.g. 20MiB)");
        max = DEFAULT_MAX_REQUEST_BODY_SIZE;
      }
      boolean corsWritten = n.keys().contains("cors");
      ConfigNode corsNode = n.child("cors");
      Cors cors = corsWritten ? Cors.from(corsNode) : null;
      Tls tls = Tls.fromOptional(n);
      boolean include = n.bool("include_metadata", DEFAULT_INCLUDE_METADATA);
      if (traces.equals(metrics) || traces.equals(logs) || metrics.equals(logs)) {
        n.problem(null, "traces_url_path, metrics_url_path and logs_url_path must differ (expected: three distinct paths)");
      }
      return new Http(endpoint, traces, metrics, logs, max, cors, tls, include);
    }

    HostPort hostPort() {
      return parseEndpoint(endpoint);
    }
  }

  /**
   * CORS ({@code protocols.http.cors}), for browser clients.
   *
   * @param allowedOrigins origins allowed to send data; {@code *} allows any, and one {@code *} in
   *     an origin matches any text there, e.g. {@code https://*.example.com}. Empty allows none
   * @param allowedHeaders request headers allowed besides the always-allowed {@code Accept},
   *     {@code Accept-Language}, {@code Content-Type} and {@code Content-Language}; {@code *}
   *     allows any
   * @param maxAge seconds a browser may cache a preflight answer; 0 (default) sends none
   */
  public record Cors(List<String> allowedOrigins, List<String> allowedHeaders, int maxAge) {
    public Cors {
      allowedOrigins = List.copyOf(allowedOrigins);
      allowedHeaders = List.copyOf(allowedHeaders);
    }

    static Cors from(ConfigNode n) {
      List<String> origins = n.stringList("allowed_origins", List.of());
      List<String> headers = n.stringList("allowed_headers", List.of());
      int maxAge = n.intValue("max_age", 0);
      if (maxAge < 0) {
        n.problem("max_age", maxAge + " (expected: a number of seconds >= 0)");
        maxAge = 0;
      }
      for (int i = 0; i < origins.size(); i++) {
        if (origins.get(i).indexOf('*') != origins.get(i).lastIndexOf('*')) {
          n.problem("allowed_origins", "\"" + origins.get(i) + "\" (expected: an origin with at most one *)");
        }
      }
      return new Cors(origins, headers, maxAge);
    }
  }

  private static String bindEndpoint(ConfigNode n, String defaultValue) {
    String s = n.string("endpoint", defaultValue);
    if (HostPort.parse(s) == null) {
      n.problem("endpoint", "\"" + s + "\" (expected: " + HostPort.EXPECTED + ")");
      return defaultValue;
    }
    return s;
  }

  private static HostPort parseEndpoint(String endpoint) {
    HostPort hp = HostPort.parse(endpoint);
    if (hp == null) {
      throw new IllegalArgumentException("endpoint: \"" + endpoint + "\" (expected: " + HostPort.EXPECTED + ")");
    }
    return hp;
  }

  private static long nonNegativeBytes(ConfigNode n, String key, long defaultValue) {
    long v = n.bytes(key, defaultValue);
    if (v < 0) {
      n.problem(key, v + " (expected: a size >= 0)");
      return defaultValue;
    }
    return v;
  }

  /** A URL path as upstream sanitizes it: a leading {@code /} is added when missing. */
  private static String urlPath(ConfigNode n, String key, String defaultValue) {
    String s = n.string(key, defaultValue);
    if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c == 0x7f)) {
      n.problem(key, "\"" + s + "\" (expected: a URL path without query, fragment or spaces, e.g. /v1/traces)");
      return defaultValue;
    }
    return s.startsWith("/") ? s : "/" + s;
  }
}
