package io.otelcol4j.component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The collector's lifecycle state and each component's last reported status, read by health
 * checks. Components report through the {@link StatusReporter} in their settings; the graph
 * reports start and stop.
 *
 * <p>Thread-safe; reporting is cheap (one map write) so exporters may report per send.
 */
public final class StatusRegistry {
  /** The collector process as a whole. */
  public enum CollectorState {
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED
  }

  /** A component's status, as the collector's component status model has it. */
  public enum Status {
    STARTING,
    OK,
    RECOVERABLE_ERROR,
    PERMANENT_ERROR,
    STOPPING,
    STOPPED
  }

  /**
   * The last status of one component.
   *
   * @param status the current status
   * @param since when the component entered this status (a run of errors keeps its first time)
   * @param error the last error while in an error status
   */
  public record Entry(Status status, Instant since, @Nullable String error) {}

  private final Clock clock;
  private volatile CollectorState state = CollectorState.STARTING;
  private final ConcurrentHashMap<String, Entry> components = new ConcurrentHashMap<>();

  public StatusRegistry(Clock clock) {
    this.clock = clock;
  }

  public StatusRegistry() {
    this(Clock.systemUTC());
  }

  public CollectorState collectorState() {
    return state;
  }

  public void setCollectorState(CollectorState newState) {
    state = newState;
  }

  /** Components by {@code kind:id}, e.g. {@code exporter:otlp/backend}, sorted. */
  public Map<String, Entry> components() {
    return new TreeMap<>(components);
  }

  public Clock clock() {
    return clock;
  }

  /** A reporter that records under {@code kind:id}. */
  public StatusReporter reporter(Kind kind, ComponentId id) {
    String key = kind.word() + ":" + id;
    return (status, error) -> components.compute(key, (k, old) -> {
      if (old != null && old.status() == status) {
        // Keep the start of the run so "failing for 5m" can be computed; refresh the message.
        return error == null ? old : new Entry(status, old.since(), error);
      }
      return new Entry(status, clock.instant(), error);
    });
  }
}
