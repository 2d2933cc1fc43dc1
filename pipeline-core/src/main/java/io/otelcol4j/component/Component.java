package io.otelcol4j.component;

import java.time.Duration;

/**
 * A running part of a collector: a receiver, processor, exporter or extension instance.
 *
 * <p>Lifecycle contract, enforced by the pipeline graph:
 *
 * <ul>
 *   <li>{@link #start(Host)} is called once, after everything downstream has started. It returns
 *       quickly and moves long work (servers, scrape loops, queue consumers) to threads the
 *       component owns. Throwing fails the collector's start-up.
 *   <li>{@link #shutdown(Duration)} stops intake, drains what it holds downstream (flushes a batch,
 *       sends or persists a queue) within the deadline, and releases its threads. It is idempotent
 *       and safe without a prior {@code start}. It is called once everything upstream has stopped.
 * </ul>
 */
public interface Component {
  /**
   * Starts the component.
   *
   * @param host gives access to extensions and the collector's status
   * @throws Exception when the component cannot start (e.g. a port is taken); start-up fails
   */
  default void start(Host host) throws Exception {}

  /**
   * Stops the component, draining within {@code deadline}.
   *
   * @param deadline how long draining may take before what is left is persisted or counted as dropped
   * @throws Exception on failure; the graph collects it and goes on stopping the others
   */
  default void shutdown(Duration deadline) throws Exception {}
}
