package io.otelcol4j.processor.memorylimiter;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Processor;
import io.otelcol4j.component.ProcessorFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code memory_limiter} processor: refuses data, retryably, while the JVM's used heap is above
 * the configured soft limit, so that receivers push back instead of the collector running out of
 * memory, as the collector's {@code memorylimiterprocessor} does.
 *
 * <p>As upstream, every instance of one id and config (each pipeline and signal) shares one memory
 * check and one checker thread; the shared check is released when the last instance shuts down.
 */
public final class MemoryLimiterProcessorFactory implements ProcessorFactory<MemoryLimiterProcessorConfig> {
  /** The type id used in config. */
  public static final String TYPE = "memory_limiter";

  private static final Map<Signal, StabilityLevel> SIGNALS;

  static {
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    m.put(Signal.TRACES, StabilityLevel.BETA);
    m.put(Signal.METRICS, StabilityLevel.BETA);
    m.put(Signal.LOGS, StabilityLevel.BETA);
    SIGNALS = Collections.unmodifiableMap(m);
  }

  private record Key(ComponentId id, MemoryLimiterProcessorConfig config) {}

  private static final class Shared {
    final MemoryLimiter limiter;
    int refs; // guarded by the map's compute

    Shared(MemoryLimiter limiter) {
      this.limiter = limiter;
    }
  }

  private final ConcurrentHashMap<Key, Shared> limiters = new ConcurrentHashMap<>();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<MemoryLimiterProcessorConfig> configClass() {
    return MemoryLimiterProcessorConfig.class;
  }

  @Override
  public MemoryLimiterProcessorConfig parseConfig(ConfigNode node) {
    return MemoryLimiterProcessorConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Processor<TracesBatch> createTraces(ComponentSettings settings, MemoryLimiterProcessorConfig config,
      TracesConsumer next) {
    return create(settings, config, Signal.TRACES, next);
  }

  @Override
  public Processor<MetricsBatch> createMetrics(ComponentSettings settings, MemoryLimiterProcessorConfig config,
      MetricsConsumer next) {
    return create(settings, config, Signal.METRICS, next);
  }

  @Override
  public Processor<LogsBatch> createLogs(ComponentSettings settings, MemoryLimiterProcessorConfig config,
      LogsConsumer next) {
    return create(settings, config, Signal.LOGS, next);
  }

  /** How many shared limiters are in use; for tests. */
  int sharedLimiters() {
    return limiters.size();
  }

  private <B extends Batch<B>> Processor<B> create(ComponentSettings settings, MemoryLimiterProcessorConfig config,
      Signal signal, Consumer<B> next) {
    Key key = new Key(settings.id(), config);
    Shared shared = limiters.compute(key, (k, v) -> {
      Shared s = v != null ? v : new Shared(MemoryLimiter.forJvm(settings.id(), config, settings.logger()));
      s.refs++;
      return s;
    });
    return new MemoryLimiterProcessor<>(settings, signal, shared.limiter, next,
        () -> limiters.computeIfPresent(key, (k, v) -> --v.refs == 0 ? null : v));
  }
}
