package io.otelcol4j.exporterhelper;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.config.ConfigNode;

/**
 * The exporter helper's part of a network exporter's config: {@code timeout},
 * {@code retry_on_failure} and {@code sending_queue}, read from the exporter's own node. Exporters
 * embed it in their config record and bind it with {@link #from(ConfigNode)} next to their own keys.
 *
 * @param timeout the {@code timeout} key
 * @param retry the {@code retry_on_failure} block
 * @param queue the {@code sending_queue} block
 */
public record ExporterHelperConfig(TimeoutConfig timeout, RetryConfig retry, QueueConfig queue) {
  public ExporterHelperConfig {
    requireNonNull(timeout, "timeout");
    requireNonNull(retry, "retry");
    requireNonNull(queue, "queue");
  }

  /** The collector's defaults for all three. */
  public static ExporterHelperConfig defaults() {
    return new ExporterHelperConfig(TimeoutConfig.defaults(), RetryConfig.defaults(), QueueConfig.defaults());
  }

  /**
   * Binds the three keys from the exporter's node; problems are recorded on the node, so the
   * exporter's other keys are bound from the same node and unknown keys are reported as usual.
   */
  public static ExporterHelperConfig from(ConfigNode exporterNode) {
    return new ExporterHelperConfig(
        TimeoutConfig.from(exporterNode),
        RetryConfig.from(exporterNode.child(RetryConfig.KEY)),
        QueueConfig.from(exporterNode.child(QueueConfig.KEY)));
  }
}
