package io.otelcol4j.component;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-only processor factory: type {@code fake_processor}, every signal. Each instance records
 * "process &lt;id&gt; &lt;signal&gt;" per batch in {@link Events}, so tests see the order of calls; with
 * {@code hold: true} it keeps batches until shutdown and then passes them on (like a batch
 * processor draining).
 */
public final class FakeProcessorFactory implements ProcessorFactory<FakeProcessorFactory.Config> {
  /** {@code hold} (bool, default false). */
  public record Config(boolean hold) implements ComponentConfig {
    static Config from(ConfigNode node) {
      return new Config(node.bool("hold", false));
    }
  }

  private final Events events;
  private final List<FakeProcessor<?>> created = new ArrayList<>();

  public FakeProcessorFactory(Events events) {
    this.events = events;
  }

  @Override
  public String type() {
    return "fake_processor";
  }

  @Override
  public Class<Config> configClass() {
    return Config.class;
  }

  @Override
  public Config parseConfig(ConfigNode node) {
    return Config.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return Map.of(Signal.TRACES, StabilityLevel.BETA, Signal.METRICS, StabilityLevel.BETA,
        Signal.LOGS, StabilityLevel.ALPHA);
  }

  private synchronized <B extends Batch<B>> FakeProcessor<B> add(FakeProcessor<B> p) {
    created.add(p);
    return p;
  }

  @Override
  public Processor<TracesBatch> createTraces(ComponentSettings settings, Config config, TracesConsumer next) {
    return add(new FakeProcessor<>(settings.id(), Signal.TRACES, config, next, events));
  }

  @Override
  public Processor<MetricsBatch> createMetrics(ComponentSettings settings, Config config, MetricsConsumer next) {
    return add(new FakeProcessor<>(settings.id(), Signal.METRICS, config, next, events));
  }

  @Override
  public Processor<LogsBatch> createLogs(ComponentSettings settings, Config config, LogsConsumer next) {
    return add(new FakeProcessor<>(settings.id(), Signal.LOGS, config, next, events));
  }

  /** Every instance created, in order. */
  public synchronized List<FakeProcessor<?>> created() {
    return List.copyOf(created);
  }

  /** A fake processor. */
  public static final class FakeProcessor<B extends Batch<B>> implements Processor<B> {
    public final ComponentId id;
    public final Signal signal;
    private final Config config;
    private final Consumer<B> next;
    private final Events events;
    private final List<B> held = new ArrayList<>();

    FakeProcessor(ComponentId id, Signal signal, Config config, Consumer<B> next, Events events) {
      this.id = id;
      this.signal = signal;
      this.config = config;
      this.next = next;
      this.events = events;
    }

    @Override
    public void consume(Context context, B batch) {
      events.add("process " + id + " " + signal.configName());
      if (config.hold()) {
        synchronized (held) {
          held.add(batch);
        }
        return;
      }
      next.consume(context, batch);
    }

    @Override
    public void start(Host host) throws Exception {
      events.start("processor " + id);
    }

    @Override
    public void shutdown(Duration deadline) throws Exception {
      List<B> flush;
      synchronized (held) {
        flush = List.copyOf(held);
        held.clear();
      }
      for (B b : flush) {
        next.consume(Context.EMPTY, b);
      }
      events.stop("processor " + id);
    }
  }
}
