package io.otelcol4j.component;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Test-only receiver factory: type {@code fake_receiver} (alias {@code fakerecv}), traces and
 * metrics, one instance per id across signals (as the OTLP receiver shares its port).
 */
public final class FakeReceiverFactory implements ReceiverFactory<FakeReceiverFactory.Config> {
  /** {@code port} (int), {@code endpoint} (string) and a nested {@code tls} block. */
  public record Config(int port, String endpoint, Tls tls) implements ComponentConfig {
    public static final int DEFAULT_PORT = 4317;
    public static final String DEFAULT_ENDPOINT = "localhost:4317";

    static Config from(ConfigNode node) {
      return new Config(node.intValue("port", DEFAULT_PORT), node.string("endpoint", DEFAULT_ENDPOINT),
          Tls.from(node.child("tls")));
    }
  }

  /** The nested {@code tls} block. */
  public record Tls(boolean insecure, String caFile, Duration reloadInterval) {
    public static final Tls DEFAULT = new Tls(false, "", Duration.ZERO);

    static Tls from(ConfigNode node) {
      return new Tls(node.bool("insecure", DEFAULT.insecure()), node.string("ca_file", DEFAULT.caFile()),
          node.duration("reload_interval", DEFAULT.reloadInterval()));
    }
  }

  private final Events events;
  private final String type;
  private final Map<Signal, StabilityLevel> signals;
  private final SharedComponents<FakeReceiver> shared = new SharedComponents<>();
  private final List<FakeReceiver> created = new ArrayList<>();
  private final List<String> createCalls = new ArrayList<>();

  public FakeReceiverFactory(Events events) {
    this(events, "fake_receiver", Set.of(Signal.TRACES, Signal.METRICS));
  }

  /** A receiver factory with another type and set of signals, for graph tests. */
  public FakeReceiverFactory(Events events, String type, Set<Signal> supported) {
    this.events = events;
    this.type = type;
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    supported.forEach(s -> m.put(s, StabilityLevel.BETA));
    this.signals = m;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> aliases() {
    return type.equals("fake_receiver") ? List.of("fakerecv") : List.of();
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

  private synchronized FakeReceiver instance(ComponentSettings settings, Signal signal) {
    createCalls.add(signal.configName() + " " + settings.id());
    return shared.getOrCreate(settings.id(), () -> {
      FakeReceiver r = new FakeReceiver(settings.id(), events, shared);
      created.add(r);
      return r;
    });
  }

  @Override
  public Component createTraces(ComponentSettings settings, Config config, TracesConsumer next) {
    if (!signals.containsKey(Signal.TRACES)) {
      return ReceiverFactory.super.createTraces(settings, config, next);
    }
    FakeReceiver r = instance(settings, Signal.TRACES);
    r.traces = next;
    return r;
  }

  @Override
  public Component createMetrics(ComponentSettings settings, Config config, MetricsConsumer next) {
    if (!signals.containsKey(Signal.METRICS)) {
      return ReceiverFactory.super.createMetrics(settings, config, next);
    }
    FakeReceiver r = instance(settings, Signal.METRICS);
    r.metrics = next;
    return r;
  }

  @Override
  public Component createLogs(ComponentSettings settings, Config config, LogsConsumer next) {
    if (!signals.containsKey(Signal.LOGS)) {
      return ReceiverFactory.super.createLogs(settings, config, next);
    }
    FakeReceiver r = instance(settings, Signal.LOGS);
    r.logs = next;
    return r;
  }

  /** Every instance created, in order. */
  public synchronized List<FakeReceiver> created() {
    return List.copyOf(created);
  }

  /** The created instance with this id. */
  public synchronized FakeReceiver receiver(String id) {
    return created.stream().filter(r -> r.id.toString().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no receiver " + id + " in " + created));
  }

  /** "traces fake_receiver/a" for each create call, in order. */
  public synchronized List<String> createCalls() {
    return List.copyOf(createCalls);
  }

  /** A fake receiver: pushes what the test gives it into the pipelines. */
  public static final class FakeReceiver implements Component {
    final ComponentId id;
    private final Events events;
    private final SharedComponents<FakeReceiver> shared;
    volatile @Nullable TracesConsumer traces;
    volatile @Nullable MetricsConsumer metrics;
    volatile @Nullable LogsConsumer logs;
    public final AtomicInteger starts = new AtomicInteger();
    public final AtomicInteger stops = new AtomicInteger();

    FakeReceiver(ComponentId id, Events events, SharedComponents<FakeReceiver> shared) {
      this.id = id;
      this.events = events;
      this.shared = shared;
    }

    @Override
    public void start(Host host) throws Exception {
      starts.incrementAndGet();
      events.start("receiver " + id);
    }

    @Override
    public void shutdown(Duration deadline) throws Exception {
      stops.incrementAndGet();
      shared.remove(id, this);
      events.stop("receiver " + id);
    }

    public void push(TracesBatch b) {
      TracesConsumer c = traces;
      if (c == null) {
        throw new IllegalStateException(id + " is not in a traces pipeline");
      }
      c.consume(Context.EMPTY, b);
    }

    public void push(MetricsBatch b) {
      MetricsConsumer c = metrics;
      if (c == null) {
        throw new IllegalStateException(id + " is not in a metrics pipeline");
      }
      c.consume(Context.EMPTY, b);
    }

    public void push(LogsBatch b) {
      LogsConsumer c = logs;
      if (c == null) {
        throw new IllegalStateException(id + " is not in a logs pipeline");
      }
      c.consume(Context.EMPTY, b);
    }

    @Override
    public String toString() {
      return "FakeReceiver{" + id + "}";
    }
  }
}
