package io.otelcol4j.component;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Lets a factory hand out one instance per component id across signals, so e.g. one OTLP
 * receiver serves traces, metrics and logs on one port. Keep one in the factory; call
 * {@link #remove} from the instance's shutdown so that a rebuilt collector gets a fresh instance.
 */
public final class SharedComponents<T> {
  private final ConcurrentHashMap<ComponentId, T> instances = new ConcurrentHashMap<>();

  /** The instance for this id, created with {@code create} the first time. */
  public T getOrCreate(ComponentId id, Supplier<T> create) {
    return instances.computeIfAbsent(id, k -> create.get());
  }

  /** Forgets the instance for this id if it is {@code instance}. */
  public void remove(ComponentId id, T instance) {
    instances.remove(id, instance);
  }
}
