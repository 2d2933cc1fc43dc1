package io.otelcol4j.exporter.prometheusremotewrite;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.exporterhelper.RetryConfig;
import io.otelcol4j.exporterhelper.TimeoutConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code prometheusremotewrite} exporter, with the keys, defaults and validation
 * messages of collector-contrib's {@code prometheusremotewriteexporter}.
 *
 * <pre>{@code
 * exporters:
 *   prometheusremotewrite:
 *     endpoint: https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/api/v1/remote_write
 *     namespace: app
 *     external_labels: {cluster: prod}
 *     headers: {X-Scope-OrgID: tenant-1}
 *     timeout: 5s
 *     tls: {ca_file: ca.pem}
 *     auth: {authenticator: sigv4auth}
 *     resource_to_telemetry_conversion: {enabled: false}
 *     target_info: {enabled: true}
 *     export_created_metric: {enabled: false}
 *     send_metadata: false
 *     add_metric_suffixes: true
 *     max_batch_size_bytes: 3000000
 *     remote_write_queue: {enabled: true, queue_size: 10000, num_consumers: 5}
 *     retry_on_failure: {enabled: true, initial_interval: 50ms, max_interval: 30s, max_elapsed_time: 5m}
 *     sending_queue: {storage: file_storage/prw}
 * }</pre>
 *
 * <p>{@code wal} (upstream's write-ahead log, {@code wal: {directory: ...}}) turns on the exporter
 * helper's persistent queue in that directory instead of a second, separate log: batches are
 * written there before they are acknowledged and replayed after a restart. {@code buffer_size}
 * and {@code truncate_frequency} are accepted for compatibility and have no effect (the queue
 * writes every batch and deletes it once sent).
 *
 * @param endpoint {@code endpoint}: the remote-write URL (http or https); required
 * @param namespace {@code namespace}: prefix of every metric name, joined with {@code _}; default empty
 * @param externalLabels {@code external_labels}: labels added to every series that lacks them
 *     (names sanitized as attribute names are)
 * @param headers {@code headers}: extra request headers, e.g. {@code X-Scope-OrgID}
 * @param timeout {@code timeout}: limit of one HTTP request; default {@value TimeoutConfig#DEFAULT_TIMEOUT_TEXT}
 * @param tls {@code tls}: client TLS for https endpoints, or null for the JDK defaults
 * @param authenticator {@code auth.authenticator}: the extension signing requests (e.g.
 *     {@code sigv4auth}), or null
 * @param resourceToTelemetryConversion {@code resource_to_telemetry_conversion.enabled}: copy every
 *     resource attribute onto every series; default {@value #DEFAULT_RESOURCE_TO_TELEMETRY_CONVERSION}
 * @param targetInfo {@code target_info.enabled}: send a {@code target_info} series per resource with
 *     its attributes; default {@value #DEFAULT_TARGET_INFO}
 * @param exportCreatedMetric {@code export_created_metric.enabled}: send {@code _created} series
 *     with the start time of counters, histograms and summaries; default {@value #DEFAULT_EXPORT_CREATED_METRIC}
 * @param sendMetadata {@code send_metadata}: send type, help and unit of each metric family;
 *     default {@value #DEFAULT_SEND_METADATA}
 * @param addMetricSuffixes {@code add_metric_suffixes}: append unit and type suffixes
 *     ({@code _seconds}, {@code _total}, {@code _ratio}); default {@value #DEFAULT_ADD_METRIC_SUFFIXES}
 * @param maxBatchSizeBytes {@code max_batch_size_bytes}: the largest uncompressed request; default
 *     {@value #DEFAULT_MAX_BATCH_SIZE_BYTES}
 * @param remoteWriteQueue {@code remote_write_queue}
 * @param retry {@code retry_on_failure}, as every exporter helper binds it
 * @param queueStorage {@code sending_queue.storage}: a storage extension making the queue
 *     persistent, or null for an in-memory queue
 * @param walDirectory {@code wal.directory}: a directory for the persistent queue, or null
 */
public record PrometheusRemoteWriteExporterConfig(
    String endpoint,
    String namespace,
    Map<String, String> externalLabels,
    Map<String, String> headers,
    Duration timeout,
    @Nullable Tls tls,
    @Nullable ComponentId authenticator,
    boolean resourceToTelemetryConversion,
    boolean targetInfo,
    boolean exportCreatedMetric,
    boolean sendMetadata,
    boolean addMetricSuffixes,
    long maxBatchSizeBytes,
    RemoteWriteQueue remoteWriteQueue,
    RetryConfig retry,
    @Nullable ComponentId queueStorage,
    @Nullable String walDirectory) implements ComponentConfig {

  /** Default of {@code resource_to_telemetry_conversion.enabled}: {@value}. */
  public static final boolean DEFAULT_RESOURCE_TO_TELEMETRY_CONVERSION = false;
  /** Default of {@code target_info.enabled}: {@value}. */
  public static final boolean DEFAULT_TARGET_INFO = true;
  /** Default of {@code export_created_metric.enabled}: {@value}. */
  public static final boolean DEFAULT_EXPORT_CREATED_METRIC = false;
  /** Default of {@code send_metadata}: {@value}. */
  public static final boolean DEFAULT_SEND_METADATA = false;
  /** Default of {@code add_metric_suffixes}: {@value}. */
  public static final boolean DEFAULT_ADD_METRIC_SUFFIXES = true;
  /** Default of {@code max_batch_size_bytes}: {@value}. */
  public static final long DEFAULT_MAX_BATCH_SIZE_BYTES = 3_000_000;
  /** Upper limit of {@code max_batch_size_bytes}, as upstream: {@value} (256MiB). */
  public static final long MAX_BATCH_SIZE_BYTES_LIMIT = 268_435_456;

  public PrometheusRemoteWriteExporterConfig {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(namespace, "namespace");
    externalLabels = Map.copyOf(requireNonNull(externalLabels, "externalLabels"));
    headers = Map.copyOf(requireNonNull(headers, "headers"));
    requireNonNull(timeout, "timeout");
    requireNonNull(remoteWriteQueue, "remoteWriteQueue");
    requireNonNull(retry, "retry");
  }

  /**
   * The {@code remote_write_queue} block: the in-memory (or, with {@code sending_queue.storage},
   * persistent) queue between the pipeline and the sending shards.
   *
   * @param enabled {@code enabled}: queue batches; false sends on the caller's thread; default {@value #DEFAULT_ENABLED}
   * @param queueSize {@code queue_size}: batches the queue holds; default {@value #DEFAULT_QUEUE_SIZE}
   * @param numConsumers {@code num_consumers}: parallel shards requests are spread over by series
   *     (each series always goes through the same shard, in order); default {@value #DEFAULT_NUM_CONSUMERS}
   */
  public record RemoteWriteQueue(boolean enabled, int queueSize, int numConsumers) {
    /** Default of {@code enabled}: {@value}. */
    public static final boolean DEFAULT_ENABLED = true;
    /** Default of {@code queue_size}: {@value}. */
    public static final int DEFAULT_QUEUE_SIZE = 10_000;
    /** Default of {@code num_consumers}: {@value}. */
    public static final int DEFAULT_NUM_CONSUMERS = 5;

    /** The defaults. */
    public static RemoteWriteQueue defaults() {
      return new RemoteWriteQueue(DEFAULT_ENABLED, DEFAULT_QUEUE_SIZE, DEFAULT_NUM_CONSUMERS);
    }

    static RemoteWriteQueue from(ConfigNode node) {
      boolean enabled = node.bool("enabled", DEFAULT_ENABLED);
      int size = node.intValue("queue_size", DEFAULT_QUEUE_SIZE);
      int consumers = node.intValue("num_consumers", DEFAULT_NUM_CONSUMERS);
      if (size < 0) {
        node.problem("queue_size", "remote write queue size can't be negative");
        size = DEFAULT_QUEUE_SIZE;
      } else if (enabled && size == 0) {
        node.problem("queue_size", "a 0 size queue will drop all the data");
        size = DEFAULT_QUEUE_SIZE;
      }
      if (consumers < 0) {
        node.problem("num_consumers", "remote write consumer number can't be negative");
        consumers = DEFAULT_NUM_CONSUMERS;
      } else if (consumers == 0) {
        consumers = DEFAULT_NUM_CONSUMERS;
      }
      return new RemoteWriteQueue(enabled, size, consumers);
    }
  }

  /**
   * Client TLS ({@code tls}), used for {@code https} endpoints. PEM files are read at start.
   *
   * @param caFile {@code ca_file}: CA bundle trusted instead of the JDK's, or empty
   * @param certFile {@code cert_file}: client certificate chain for mTLS, or empty
   * @param keyFile {@code key_file}: the client key (unencrypted PKCS#8 PEM, RSA or EC), or empty
   * @param insecureSkipVerify {@code insecure_skip_verify}: trust any server certificate and host
   *     name; default false
   * @param minVersion {@code min_version}: 1.2 or 1.3; default {@value #DEFAULT_MIN_VERSION}
   */
  public record Tls(String caFile, String certFile, String keyFile, boolean insecureSkipVerify, String minVersion) {
    /** Default of {@code min_version}: {@value}. */
    public static final String DEFAULT_MIN_VERSION = "1.2";

    public Tls {
      requireNonNull(caFile, "caFile");
      requireNonNull(certFile, "certFile");
      requireNonNull(keyFile, "keyFile");
      requireNonNull(minVersion, "minVersion");
    }

    static @Nullable Tls from(ConfigNode parent) {
      boolean written = parent.keys().contains("tls");
      ConfigNode n = parent.child("tls");
      String ca = n.string("ca_file", "");
      String cert = n.string("cert_file", "");
      String key = n.string("key_file", "");
      boolean skip = n.bool("insecure_skip_verify", false);
      String min = n.oneOf("min_version", DEFAULT_MIN_VERSION, "1.2", "1.3");
      if (cert.isEmpty() != key.isEmpty()) {
        n.problem(null, "for auth via TLS, provide both certificate and key, or neither");
      }
      return written ? new Tls(ca, cert, key, skip, min) : null;
    }
  }

  /** The defaults: no endpoint (which must be set). */
  public static PrometheusRemoteWriteExporterConfig defaults() {
    return new PrometheusRemoteWriteExporterConfig("", "", Map.of(), Map.of(), TimeoutConfig.DEFAULT_TIMEOUT, null, null,
        DEFAULT_RESOURCE_TO_TELEMETRY_CONVERSION, DEFAULT_TARGET_INFO, DEFAULT_EXPORT_CREATED_METRIC,
        DEFAULT_SEND_METADATA, DEFAULT_ADD_METRIC_SUFFIXES, DEFAULT_MAX_BATCH_SIZE_BYTES, RemoteWriteQueue.defaults(),
        RetryConfig.defaults(), null, null);
  }

  /** The defaults with {@code endpoint} set, for embedders and tests. */
  public static PrometheusRemoteWriteExporterConfig of(String endpoint) {
    PrometheusRemoteWriteExporterConfig d = defaults();
    return new PrometheusRemoteWriteExporterConfig(endpoint, d.namespace, d.externalLabels, d.headers, d.timeout, d.tls,
        d.authenticator, d.resourceToTelemetryConversion, d.targetInfo, d.exportCreatedMetric, d.sendMetadata,
        d.addMetricSuffixes, d.maxBatchSizeBytes, d.remoteWriteQueue, d.retry, d.queueStorage, d.walDirectory);
  }

  /** Binds and validates; every problem is reported through {@code node}. */
  public static PrometheusRemoteWriteExporterConfig from(ConfigNode node) {
    String endpoint = node.string("endpoint", "");
    if (endpoint.isEmpty()) {
      node.problem("endpoint", "missing (expected: the remote-write URL, e.g. http://prometheus:9090/api/v1/write)");
    } else {
      String why = checkEndpoint(endpoint);
      if (why != null) {
        node.problem("endpoint", "\"" + endpoint + "\" is not a valid URL: " + why
            + " (expected: an http or https URL, e.g. http://prometheus:9090/api/v1/write)");
      }
    }
    String namespace = node.string("namespace", "");
    Map<String, String> external = node.stringMap("external_labels");
    for (Map.Entry<String, String> e : external.entrySet()) {
      if (e.getKey().isEmpty() || e.getValue().isEmpty()) {
        node.problem("external_labels", "prometheus remote write: external labels configuration contains an empty key or value");
        break;
      }
    }
    Map<String, String> headers = node.stringMap("headers");
    Duration timeout = TimeoutConfig.from(node).timeout();
    Tls tls = Tls.from(node);
    ComponentId auth = node.child("auth").componentId("authenticator", null);
    boolean r2t = node.child("resource_to_telemetry_conversion").bool("enabled", DEFAULT_RESOURCE_TO_TELEMETRY_CONVERSION);
    boolean targetInfo = node.child("target_info").bool("enabled", DEFAULT_TARGET_INFO);
    boolean created = node.child("export_created_metric").bool("enabled", DEFAULT_EXPORT_CREATED_METRIC);
    boolean sendMetadata = node.bool("send_metadata", DEFAULT_SEND_METADATA);
    boolean suffixes = node.bool("add_metric_suffixes", DEFAULT_ADD_METRIC_SUFFIXES);
    long maxBatch = node.bytes("max_batch_size_bytes", DEFAULT_MAX_BATCH_SIZE_BYTES);
    if (maxBatch <= 0) {
      node.problem("max_batch_size_bytes", "max_batch_byte_size must be greater than 0");
      maxBatch = DEFAULT_MAX_BATCH_SIZE_BYTES;
    } else if (maxBatch > MAX_BATCH_SIZE_BYTES_LIMIT) {
      node.problem("max_batch_size_bytes", "max_batch_byte_size must be less than 256MB");
      maxBatch = DEFAULT_MAX_BATCH_SIZE_BYTES;
    }
    RemoteWriteQueue queue = RemoteWriteQueue.from(node.child("remote_write_queue"));
    RetryConfig retry = RetryConfig.from(node.child(RetryConfig.KEY));
    ComponentId storage = node.child("sending_queue").componentId("storage", null);
    String wal = null;
    ConfigNode w = node.child("wal");
    if (w.isPresent()) {
      wal = w.string("directory", "");
      w.intValue("buffer_size", 300); // accepted for compatibility: the persistent queue has no buffer
      w.duration("truncate_frequency", Duration.ofMinutes(1)); // nor a log to truncate
      if (wal.isEmpty()) {
        w.problem("directory", "wal.directory must be set (expected: a directory for the persistent queue)");
        wal = null;
      } else if (storage != null) {
        node.problem("wal", "both wal and sending_queue.storage make the queue persistent (expected: one of them)");
      } else if (!queue.enabled()) {
        node.problem("wal", "wal is set but remote_write_queue.enabled is false (expected: an enabled queue to persist)");
      }
    }
    if (storage != null && !queue.enabled()) {
      node.problem("sending_queue", "storage is set but remote_write_queue.enabled is false (expected: an enabled queue to persist)");
    }
    return new PrometheusRemoteWriteExporterConfig(endpoint, namespace, external, headers, timeout, tls, auth, r2t,
        targetInfo, created, sendMetadata, suffixes, maxBatch, queue, retry, storage, wal);
  }

  private static @Nullable String checkEndpoint(String endpoint) {
    try {
      URI u = new URI(endpoint);
      if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
        return "the scheme must be http or https";
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        return "no host";
      }
      return null;
    } catch (URISyntaxException e) {
      return e.getMessage();
    }
  }
}
