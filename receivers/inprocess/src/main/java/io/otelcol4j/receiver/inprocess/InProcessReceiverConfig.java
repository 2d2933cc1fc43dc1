package io.otelcol4j.receiver.inprocess;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;

/**
 * Config of the {@code inprocess} receiver: it has no keys. The receiver id is the only setting:
 * the host application names it in {@link InProcessExporters}. Any key written is an unknown-key
 * error.
 *
 * <pre>{@code
 * receivers:
 *   inprocess/app:
 * }</pre>
 */
public record InProcessReceiverConfig() implements ComponentConfig {
  /** Binds an {@code inprocess} node; there is nothing to read, so every key is reported unknown. */
  public static InProcessReceiverConfig from(ConfigNode node) {
    return new InProcessReceiverConfig();
  }
}
