package io.otelcol4j.extension.healthcheck;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.Scalars;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code health_check} extension, with the keys and defaults of the collector's
 * {@code healthcheckextension}.
 *
 * @param endpoint {@code host:port} the HTTP server binds; default {@value #DEFAULT_ENDPOINT}. An
 *     empty host ({@code :13133}) binds every interface; port 0 picks a free port
 * @param path the one path answered; default {@value #DEFAULT_PATH}. Must start with {@code /}
 * @param responseBody fixed bodies that replace the default JSON body, or null for the JSON body
 * @param checkCollectorPipeline whether failing exporters make the check unhealthy
 */
public record HealthCheckExtensionConfig(
    String endpoint,
    String path,
    @Nullable ResponseBody responseBody,
    CheckCollectorPipeline checkCollectorPipeline) implements ComponentConfig {

  /** Loopback by default, as the collector does since {@code component.UseLocalHostAsDefaultHost}. */
  public static final String DEFAULT_ENDPOINT = "localhost:13133";

  public static final String DEFAULT_PATH = "/";

  public HealthCheckExtensionConfig {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(path, "path");
    requireNonNull(checkCollectorPipeline, "checkCollectorPipeline");
  }

  /**
   * Fixed response bodies ({@code response_body}), written as plain text instead of the JSON status.
   *
   * @param healthy the body of a 200 answer; default empty
   * @param unhealthy the body of a 503 answer; default empty
   */
  public record ResponseBody(String healthy, String unhealthy) {
    public ResponseBody {
      requireNonNull(healthy, "healthy");
      requireNonNull(unhealthy, "unhealthy");
    }

    static ResponseBody from(ConfigNode node) {
      return new ResponseBody(node.string("healthy", ""), node.string("unhealthy", ""));
    }
  }

  /**
   * The {@code check_collector_pipeline} block.
   *
   * @param enabled when true, an exporter that has been failing for longer than {@code interval}
   *     makes the check answer 503; default {@value #DEFAULT_ENABLED}
   * @param interval how long an exporter may fail continuously before the collector is reported
   *     unhealthy; default {@value #DEFAULT_INTERVAL_TEXT}
   * @param exporterFailureThreshold accepted and validated (must be positive) for compatibility
   *     with the collector's config; default {@value #DEFAULT_EXPORTER_FAILURE_THRESHOLD}. It is not
   *     used: exporters report a status, not a failure count (see the README)
   */
  public record CheckCollectorPipeline(boolean enabled, Duration interval, int exporterFailureThreshold) {
    public static final boolean DEFAULT_ENABLED = false;
    public static final String DEFAULT_INTERVAL_TEXT = "5m";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    public static final int DEFAULT_EXPORTER_FAILURE_THRESHOLD = 5;

    public CheckCollectorPipeline {
      requireNonNull(interval, "interval");
    }

    /** The defaults: disabled, 5m, 5. */
    public static CheckCollectorPipeline defaults() {
      return new CheckCollectorPipeline(DEFAULT_ENABLED, DEFAULT_INTERVAL, DEFAULT_EXPORTER_FAILURE_THRESHOLD);
    }

    static CheckCollectorPipeline from(ConfigNode node) {
      boolean enabled = node.bool("enabled", DEFAULT_ENABLED);
      Duration interval = node.duration("interval", DEFAULT_INTERVAL);
      int threshold = node.intValue("exporter_failure_threshold", DEFAULT_EXPORTER_FAILURE_THRESHOLD);
      if (threshold <= 0) {
        node.problem("exporter_failure_threshold", threshold + " (expected: a positive integer)");
        threshold = DEFAULT_EXPORTER_FAILURE_THRESHOLD;
      }
      return new CheckCollectorPipeline(enabled, interval, threshold);
    }
  }

  /** The default config: {@value #DEFAULT_ENDPOINT}, {@value #DEFAULT_PATH}, JSON bodies, no pipeline check. */
  public static HealthCheckExtensionConfig defaults() {
    return new HealthCheckExtensionConfig(DEFAULT_ENDPOINT, DEFAULT_PATH, null, CheckCollectorPipeline.defaults());
  }

  /** Binds the config, reporting every problem through {@code node}. */
  public static HealthCheckExtensionConfig from(ConfigNode node) {
    String endpoint = node.string("endpoint", DEFAULT_ENDPOINT);
    if (socketAddress(endpoint) == null) {
      node.problem("endpoint", "\"" + endpoint + "\" (expected: host:port with a port from 0 to 65535, e.g. localhost:13133)");
      endpoint = DEFAULT_ENDPOINT;
    }
    String path = node.string("path", DEFAULT_PATH);
    if (!path.startsWith("/")) {
      node.problem("path", "\"" + path + "\" (expected: a path starting with /, e.g. /health)");
      path = DEFAULT_PATH;
    }
    ConfigNode bodyNode = node.child("response_body");
    ResponseBody body = bodyNode.isPresent() ? ResponseBody.from(bodyNode) : null;
    CheckCollectorPipeline pipeline = CheckCollectorPipeline.from(node.child("check_collector_pipeline"));
    return new HealthCheckExtensionConfig(endpoint, path, body, pipeline);
  }

  /**
   * Parses {@code host:port}, {@code :port} (every interface) or {@code [v6]:port} into an
   * unresolved address; null when malformed. The host is resolved when the server binds.
   */
  static @Nullable InetSocketAddress socketAddress(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    String host = endpoint.substring(0, colon);
    String portText = endpoint.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      return null; // an IPv6 host must be bracketed
    }
    Long port = portText.isEmpty() || !portText.chars().allMatch(Character::isDigit) ? null : Scalars.parseLong(portText);
    if (port == null || port > 65535) {
      return null;
    }
    return host.isEmpty() ? new InetSocketAddress(port.intValue()) : InetSocketAddress.createUnresolved(host, port.intValue());
  }
}
