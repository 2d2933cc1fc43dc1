package io.otelcol4j.processor.k8sattributes;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Processor;
import io.otelcol4j.component.ProcessorFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code k8sattributes} processor (alias {@code k8s_attributes}): adds Kubernetes metadata to
 * the resources of spans, metrics and logs, as the collector's {@code k8sattributesprocessor}.
 *
 * <p>Unlike upstream, where each pipeline's instance opens its own watches, every instance of one
 * id and config (each pipeline and signal) shares one set of watches and one cache, released when
 * the last instance shuts down.
 */
public final class K8sAttributesProcessorFactory implements ProcessorFactory<K8sAttributesProcessorConfig> {
  /** The type id used in config. */
  public static final String TYPE = "k8sattributes";

  private static final Map<Signal, StabilityLevel> SIGNALS;

  static {
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    m.put(Signal.TRACES, StabilityLevel.BETA);
    m.put(Signal.METRICS, StabilityLevel.BETA);
    m.put(Signal.LOGS, StabilityLevel.BETA);
    SIGNALS = Collections.unmodifiableMap(m);
  }

  private record Key(ComponentId id, K8sAttributesProcessorConfig config) {}

  private static final class Shared {
    final K8sMetadata metadata;
    int refs; // guarded by the map's compute

    Shared(K8sMetadata metadata) {
      this.metadata = metadata;
    }
  }

  private final ConcurrentHashMap<Key, Shared> shared = new ConcurrentHashMap<>();
  private final ClientProvider clients;
  private final Function<String, @Nullable String> env;
  private final LongSupplier nanoTime;

  public K8sAttributesProcessorFactory() {
    this(ClientProvider.DEFAULT, System::getenv, System::nanoTime);
  }

  /** For tests: a mock API server's client, a fake environment and clock. */
  K8sAttributesProcessorFactory(ClientProvider clients, Function<String, @Nullable String> env, LongSupplier nanoTime) {
    this.clients = clients;
    this.env = env;
    this.nanoTime = nanoTime;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> aliases() {
    return List.of("k8s_attributes");
  }

  @Override
  public Class<K8sAttributesProcessorConfig> configClass() {
    return K8sAttributesProcessorConfig.class;
  }

  @Override
  public K8sAttributesProcessorConfig parseConfig(ConfigNode node) {
    return K8sAttributesProcessorConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Processor<TracesBatch> createTraces(ComponentSettings settings, K8sAttributesProcessorConfig config,
      TracesConsumer next) {
    return create(settings, config, next, (m, c, b) -> m.enricher.traces(c, b));
  }

  @Override
  public Processor<MetricsBatch> createMetrics(ComponentSettings settings, K8sAttributesProcessorConfig config,
      MetricsConsumer next) {
    return create(settings, config, next, (m, c, b) -> m.enricher.metrics(c, b));
  }

  @Override
  public Processor<LogsBatch> createLogs(ComponentSettings settings, K8sAttributesProcessorConfig config,
      LogsConsumer next) {
    return create(settings, config, next, (m, c, b) -> m.enricher.logs(c, b));
  }

  /** How many shared metadata caches are in use; for tests. */
  int sharedCount() {
    return shared.size();
  }

  @FunctionalInterface
  private interface Enrich<B> {
    B apply(K8sMetadata metadata, Context context, B batch);
  }

  private <B extends Batch<B>> Processor<B> create(ComponentSettings settings, K8sAttributesProcessorConfig config,
      Consumer<B> next, Enrich<B> enrich) {
    Key key = new Key(settings.id(), config);
    Shared s = shared.compute(key, (k, v) -> {
      Shared n = v != null ? v : new Shared(new K8sMetadata(settings, config, clients, env, nanoTime));
      n.refs++;
      return n;
    });
    K8sMetadata metadata = s.metadata;
    BiFunction<Context, B, B> fn = (c, b) -> enrich.apply(metadata, c, b);
    return new K8sAttributesProcessor<>(metadata, fn, next, () -> shared.computeIfPresent(key, (k, v) -> {
      if (--v.refs == 0) {
        v.metadata.stop();
        return null;
      }
      return v;
    }));
  }
}
