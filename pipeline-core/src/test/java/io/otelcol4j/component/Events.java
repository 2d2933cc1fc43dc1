package io.otelcol4j.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only: one ordered log of what the fake components did ("start exporter fake_exporter",
 * "process fake_processor/a traces", …) shared by all fakes of one test, plus which components
 * should fail to start or stop.
 */
public final class Events {
  private final List<String> events = new ArrayList<>();
  private final Set<String> failStart = ConcurrentHashMap.newKeySet();
  private final Set<String> failStop = ConcurrentHashMap.newKeySet();
  private final Set<String> failConsume = ConcurrentHashMap.newKeySet();

  public synchronized void add(String event) {
    events.add(event);
  }

  public synchronized List<String> list() {
    return List.copyOf(events);
  }

  /** The events starting with {@code prefix}, in order. */
  public synchronized List<String> starting(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).toList();
  }

  /** Makes the component with this label ("receiver fake_receiver/a") throw from start. */
  public Events failStart(String label) {
    failStart.add(label);
    return this;
  }

  /** Makes the component with this label throw from shutdown. */
  public Events failStop(String label) {
    failStop.add(label);
    return this;
  }

  /** Makes the exporter with this label refuse data with a retryable failure. */
  public Events failConsume(String label) {
    failConsume.add(label);
    return this;
  }

  boolean shouldFailConsume(String label) {
    return failConsume.contains(label);
  }

  void start(String label) throws Exception {
    add("start " + label);
    if (failStart.contains(label)) {
      throw new IllegalStateException("boom in start of " + label);
    }
  }

  void stop(String label) throws Exception {
    add("stop " + label);
    if (failStop.contains(label)) {
      throw new IllegalStateException("boom in stop of " + label);
    }
  }
}
