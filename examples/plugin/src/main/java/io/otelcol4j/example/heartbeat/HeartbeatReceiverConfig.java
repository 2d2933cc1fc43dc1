package io.otelcol4j.example.heartbeat;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.time.Duration;

/**
 * Config of the {@code heartbeat} receiver.
 *
 * @param interval how often a heartbeat log record is emitted; {@value #DEFAULT_INTERVAL_TEXT} by
 *     default, must be positive
 * @param message the body of each heartbeat record; {@value #DEFAULT_MESSAGE} by default, must not
 *     be empty
 */
public record HeartbeatReceiverConfig(Duration interval, String message) implements ComponentConfig {
  /** The default {@code interval}, as written in YAML. */
  public static final String DEFAULT_INTERVAL_TEXT = "10s";

  /** The default {@code interval}: {@value #DEFAULT_INTERVAL_TEXT}. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** The default {@code message}. */
  public static final String DEFAULT_MESSAGE = "heartbeat";

  public HeartbeatReceiverConfig {
    requireNonNull(interval, "interval");
    requireNonNull(message, "message");
  }

  /** The default config. */
  public static HeartbeatReceiverConfig defaults() {
    return new HeartbeatReceiverConfig(DEFAULT_INTERVAL, DEFAULT_MESSAGE);
  }

  /** Binds and validates; problems are reported through {@code node}. */
  static HeartbeatReceiverConfig from(ConfigNode node) {
    Duration interval = node.duration("interval", DEFAULT_INTERVAL);
    if (interval.isZero()) {
      node.problem("interval", "\"" + node.raw("interval") + "\" (expected: a positive duration, e.g. 10s)");
      interval = DEFAULT_INTERVAL;
    }
    String message = node.string("message", DEFAULT_MESSAGE);
    if (message.isEmpty()) {
      node.problem("message", "\"\" (expected: a non-empty text)");
      message = DEFAULT_MESSAGE;
    }
    return new HeartbeatReceiverConfig(interval, message);
  }
}
