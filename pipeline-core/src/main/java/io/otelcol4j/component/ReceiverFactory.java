package io.otelcol4j.component;

import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesConsumer;

/**
 * Builds receivers. A receiver id named in several pipelines is one instance: the graph calls the
 * create method once per signal with a consumer that fans out to every pipeline of that signal.
 * A receiver that serves several signals from one port returns the same instance from each create
 * method (see {@link SharedComponents}); the graph starts and stops an instance once.
 *
 * @param <C> the config record
 */
public interface ReceiverFactory<C extends ComponentConfig> extends ComponentFactory<C> {
  @Override
  default Kind kind() {
    return Kind.RECEIVER;
  }

  /** Builds the receiver for traces, feeding {@code next}. */
  default Component createTraces(ComponentSettings settings, C config, TracesConsumer next) {
    throw new UnsupportedSignalException(kind(), type(), Signal.TRACES, signals().keySet());
  }

  /** Builds the receiver for metrics, feeding {@code next}. */
  default Component createMetrics(ComponentSettings settings, C config, MetricsConsumer next) {
    throw new UnsupportedSignalException(kind(), type(), Signal.METRICS, signals().keySet());
  }

  /** Builds the receiver for logs, feeding {@code next}. */
  default Component createLogs(ComponentSettings settings, C config, LogsConsumer next) {
    throw new UnsupportedSignalException(kind(), type(), Signal.LOGS, signals().keySet());
  }
}
