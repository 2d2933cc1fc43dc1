package io.otelcol4j.component;

import org.jspecify.annotations.Nullable;

/** Reports a component's status to the collector, e.g. an exporter whose sends fail. */
@FunctionalInterface
public interface StatusReporter {
  /** A reporter that records nothing, for components built outside a collector. */
  StatusReporter NOOP = (s, e) -> {};

  /**
   * Records the component's status.
   *
   * @param error a short description of the error for error statuses, else null
   */
  void report(StatusRegistry.Status status, @Nullable String error);
}
