package io.otelcol4j.component;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test-only exporter factory: type {@code fake_exporter}, traces and logs, with a {@code timeout}
 * duration and a {@code size} in bytes. Instances keep every batch they get (by identity); with
 * {@code hold: true} they keep batches "in flight" until shutdown, which flushes them.
 */
public final class FakeExporterFactory implements ExporterFactory<FakeExporterFactory.Config> {
  /** {@code timeout}, {@code size} and {@code hold}. */
  public record Config(Duration timeout, long size, boolean hold) implements ComponentConfig {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final long DEFAULT_SIZE = 1024 * 1024;

    static Config from(ConfigNode node) {
      return new Config(node.duration("timeout", DEFAULT_TIMEOUT), node.bytes("size", DEFAULT_SIZE),
          node.bool("hold", false));
    }
  }

  private final Events events;
  private final String type;
  private final Map<Signal, StabilityLevel> signals;
  private final List<FakeExporter<?>> created = new ArrayList<>();

  public FakeExporterFactory(Events events) {
    this(events, "fake_exporter", Set.of(Signal.TRACES, Signal.LOGS));
  }

  /** An exporter factory with another type and set of signals, for graph tests. */
  public FakeExporterFactory(Events events, String type, Set<Signal> supported) {
    this.events = events;
    this.type = type;
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    supported.forEach(s -> m.put(s, StabilityLevel.DEVELOPMENT));
    this.signals = m;
  }

  @Override
  public String type() {
    return type;
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
    return signals;
  }

  private synchronized <B extends Batch<B>> FakeExporter<B> add(ComponentSettings s, Signal signal, Config c) {
    FakeExporter<B> e = new FakeExporter<>(s.id(), signal, c, events);
    created.add(e);
    return e;
  }

  @Override
  public Exporter<TracesBatch> createTraces(ComponentSettings settings, Config config) {
    return signals.containsKey(Signal.TRACES) ? add(settings, Signal.TRACES, config)
        : ExporterFactory.super.createTraces(settings, config);
  }

  @Override
  public Exporter<MetricsBatch> createMetrics(ComponentSettings settings, Config config) {
    return signals.containsKey(Signal.METRICS) ? add(settings, Signal.METRICS, config)
        : ExporterFactory.super.createMetrics(settings, config);
  }

  @Override
  public Exporter<LogsBatch> createLogs(ComponentSettings settings, Config config) {
    return signals.containsKey(Signal.LOGS) ? add(settings, Signal.LOGS, config)
        : ExporterFactory.super.createLogs(settings, config);
  }

  /** Every instance created, in order. */
  public synchronized List<FakeExporter<?>> created() {
    return List.copyOf(created);
  }

  /** The one instance with this id and signal. */
  public synchronized FakeExporter<?> exporter(String id, Signal signal) {
    List<FakeExporter<?>> found = created.stream()
        .filter(e -> e.id.toString().equals(id) && e.signal == signal).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " exporters " + id + " for " + signal + " in " + created);
    }
    return found.get(0);
  }

  /** A fake exporter. */
  public static final class FakeExporter<B extends Batch<B>> implements Exporter<B> {
    public final ComponentId id;
    public final Signal signal;
    private final Config config;
    private final Events events;
    private final List<Batch<?>> received = new ArrayList<>();
    private final List<Batch<?>> held = new ArrayList<>();
    private volatile Duration shutdownDeadline;

    FakeExporter(ComponentId id, Signal signal, Config config, Events events) {
      this.id = id;
      this.signal = signal;
      this.config = config;
      this.events = events;
    }

    @Override
    public synchronized void consume(Context context, B batch) {
      if (events.shouldFailConsume("exporter " + id)) {
        throw new RetryableConsumeException("queue of " + id + " is full");
      }
      events.add("export " + id + " " + signal.configName());
      (config.hold() ? held : received).add(batch);
    }

    @Override
    public void start(Host host) throws Exception {
      events.start("exporter " + id);
    }

    @Override
    public void shutdown(Duration deadline) throws Exception {
      shutdownDeadline = deadline;
      synchronized (this) {
        received.addAll(held);
        held.clear();
      }
      events.stop("exporter " + id);
    }

    /** What was exported (flushed) so far, by identity. */
    public synchronized List<Batch<?>> received() {
      return List.copyOf(received);
    }

    /** Items held and not yet flushed. */
    public synchronized int heldItems() {
      return held.stream().mapToInt(Batch::itemCount).sum();
    }

    /** Items exported so far. */
    public synchronized int receivedItems() {
      return received.stream().mapToInt(Batch::itemCount).sum();
    }

    /** The deadline shutdown was given, or null before shutdown. */
    public Duration shutdownDeadline() {
      return shutdownDeadline;
    }

    @Override
    public String toString() {
      return "FakeExporter{" + id + ", " + signal + "}";
    }
  }
}
