package io.otelcol4j.service;

import io.opentelemetry.api.metrics.MeterProvider;
import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.ExtensionFactory;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.ProcessorFactory;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.config.CollectorConfig;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigurationException;
import io.otelcol4j.config.PipelineConfig;
import io.otelcol4j.config.PipelineId;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.FanoutConsumer;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.telemetry.ComponentMetrics;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;
import io.otelcol4j.telemetry.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline graph, built as the OpenTelemetry Collector builds it: one receiver instance per
 * (id, signal) shared by every pipeline naming it, fanning in to each pipeline; one processor
 * instance per pipeline, chained in order; one exporter instance per (id, signal) shared by every
 * pipeline naming it, fed by each pipeline's fan-out. Batches are immutable, so fan-out shares
 * them with no copying.
 *
 * <p>Start order: extensions, exporters, processors (last first), receivers. Stop order is the
 * reverse, each component given what is left of the deadline, and every failure is collected
 * rather than aborting at the first. A component instance returned for several signals (a
 * receiver serving traces and metrics on one port) is started and stopped once.
 *
 * <p>Shutdown stops every component built, started or not (shutdown is safe without start), as
 * the collector's {@code ShutdownAll} does: a component whose start failed half-way releases what
 * it took, and factories forget shared instances so that a rebuilt collector starts afresh.
 */
final class Graph implements Host {
  /** A started instance and what to call it in logs and status. */
  record Node(Kind kind, ComponentId id, Component component) {
    String label() {
      return kind.word() + " \"" + id + "\"";
    }
  }

  private final List<Node> extensions = new ArrayList<>();
  private final List<Node> exporters = new ArrayList<>();
  private final List<Node> processors = new ArrayList<>();
  private final List<Node> receivers = new ArrayList<>();
  private final Map<ComponentId, Component> extensionsById = new LinkedHashMap<>();
  private final StatusRegistry status;
  private final Logger logger;
  private final Set<Component> startedIdentity = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean shutDown;

  private Graph(StatusRegistry status, Logger logger) {
    this.status = status;
    this.logger = logger;
  }

  /**
   * Builds every component of the config (nothing is started).
   *
   * @throws ConfigurationException when a factory refuses to build a component
   */
  static Graph build(CollectorConfig config, ComponentRegistry registry, MeterProvider meterProvider,
      StatusRegistry status, Logger logger, BuildInfo buildInfo) {
    Graph g = new Graph(status, logger);
    Builder b = new Builder(g, config, registry, meterProvider, buildInfo);
    try {
      b.buildAll();
    } catch (RuntimeException e) {
      // Release what the factories built before one refused (e.g. shared receiver instances).
      g.shutdown(Duration.ZERO).forEach(e::addSuppressed);
      throw e;
    }
    return g;
  }

  @Override
  public Map<ComponentId, Component> extensions() {
    return Collections.unmodifiableMap(extensionsById);
  }

  @Override
  public StatusRegistry status() {
    return status;
  }

  /** Every node in start order. */
  List<Node> startOrder() {
    List<Node> all = new ArrayList<>(extensions);
    all.addAll(exporters);
    all.addAll(processors);
    all.addAll(receivers);
    return all;
  }

  /**
   * Starts everything in order. On failure, every component is stopped again (see
   * {@link #shutdown}) before throwing an exception naming the component that failed.
   */
  void start(Duration stopDeadlineOnFailure) throws Exception {
    for (Node n : startOrder()) {
      if (!startedIdentity.add(n.component())) {
        continue;
      }
      status.reporter(n.kind(), n.id()).report(StatusRegistry.Status.STARTING, null);
      try {
        n.component().start(this);
      } catch (Exception e) {
        status.reporter(n.kind(), n.id()).report(StatusRegistry.Status.PERMANENT_ERROR, String.valueOf(e.getMessage()));
        List<Throwable> stopFailures = shutdown(stopDeadlineOnFailure);
        Exception failure = new Exception("cannot start " + n.label() + ": " + e.getMessage(), e);
        stopFailures.forEach(failure::addSuppressed);
        throw failure;
      }
      status.reporter(n.kind(), n.id()).report(StatusRegistry.Status.OK, null);
    }
  }

  /**
   * Stops every component, in reverse start order, within {@code deadline} overall. Only the first
   * call does anything.
   *
   * @return the failures, each naming its component; empty when all stopped cleanly
   */
  List<Throwable> shutdown(Duration deadline) {
    if (shutDown) {
      return List.of();
    }
    shutDown = true;
    Instant end = Instant.now().plus(deadline);
    List<Throwable> failures = new ArrayList<>();
    List<Node> toStop = new ArrayList<>();
    Set<Component> once = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : startOrder()) {
      if (once.add(n.component())) {
        toStop.add(n);
      }
    }
    Collections.reverse(toStop);
    for (Node n : toStop) {
      status.reporter(n.kind(), n.id()).report(StatusRegistry.Status.STOPPING, null);
      Duration left = Duration.between(Instant.now(), end);
      if (left.isNegative()) {
        left = Duration.ZERO;
      }
      try {
        n.component().shutdown(left);
      } catch (Exception e) {
        logger.error("Failed to stop component", e, "kind", n.kind().word(), "id", n.id().toString());
        failures.add(new Exception("cannot stop " + n.label() + ": " + e.getMessage(), e));
      }
      status.reporter(n.kind(), n.id()).report(StatusRegistry.Status.STOPPED, null);
    }
    return failures;
  }

  /** Builds the nodes; holds the per-build maps. */
  private static final class Builder {
    private final Graph g;
    private final CollectorConfig config;
    private final ComponentRegistry registry;
    private final MeterProvider meterProvider;
    private final BuildInfo buildInfo;
    private final Map<String, @Nullable Consumer<?>> exportersBySignal = new LinkedHashMap<>();
    private final Map<PipelineId, Consumer<?>> pipelineHeads = new LinkedHashMap<>();
    private final Set<Component> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<ConfigProblem> problems = new ArrayList<>();

    Builder(Graph g, CollectorConfig config, ComponentRegistry registry, MeterProvider meterProvider, BuildInfo buildInfo) {
      this.g = g;
      this.config = config;
      this.registry = registry;
      this.meterProvider = meterProvider;
      this.buildInfo = buildInfo;
    }

    private ComponentSettings settings(Kind kind, ComponentId id) {
      return new ComponentSettings(id, kind, g.logger.with("kind", kind.word()).with("name", id.toString()),
          meterProvider, buildInfo, g.status.reporter(kind, id));
    }

    private ComponentFactory<?> factory(Kind kind, ComponentId id) {
      ComponentFactory<?> f = registry.factory(kind, id.type());
      if (f == null) {
        throw new ConfigurationException(List.of(new ConfigProblem(kind.section() + "." + id,
            registry.unknownTypeMessage(kind, id.type()), null)));
      }
      return f;
    }

    private ComponentConfig configOf(Kind kind, ComponentId id) {
      ComponentConfig c = config.components(kind).get(id);
      if (c == null) {
        throw new ConfigurationException(List.of(new ConfigProblem(kind.section() + "." + id,
            kind.word() + " \"" + id + "\" is used but not configured", null)));
      }
      return c;
    }

    private void add(List<Node> list, Kind kind, ComponentId id, Component c) {
      if (seen.add(c)) {
        list.add(new Node(kind, id, c));
      }
    }

    void buildAll() {
      for (ComponentId id : config.service().extensions()) {
        buildExtension(id);
      }
      config.service().pipelines().forEach(this::buildPipeline);
      Map<String, List<Consumer<?>>> receiverTargets = new LinkedHashMap<>();
      config.service().pipelines().forEach((pid, p) -> {
        for (ComponentId r : p.receivers()) {
          receiverTargets.computeIfAbsent(pid.signal().name() + " " + r, k -> new ArrayList<>()).add(pipelineHeads.get(pid));
        }
      });
      receiverTargets.forEach((key, heads) -> {
        Signal s = Signal.valueOf(key.substring(0, key.indexOf(' ')));
        ComponentId id = ComponentId.parse(key.substring(key.indexOf(' ') + 1));
        buildReceiver(id, s, heads);
      });
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void buildExtension(ComponentId id) {
      ExtensionFactory f = (ExtensionFactory) factory(Kind.EXTENSION, id);
      Component c = create(Kind.EXTENSION, id, () -> f.create(settings(Kind.EXTENSION, id), configOf(Kind.EXTENSION, id)));
      if (c != null) {
        g.extensionsById.put(id, c);
        add(g.extensions, Kind.EXTENSION, id, c);
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <B extends Batch<B>> void buildPipeline(PipelineId pid, PipelineConfig p) {
      Signal s = pid.signal();
      List<Consumer<B>> exps = new ArrayList<>();
      for (ComponentId id : p.exporters()) {
        String key = s + " " + id;
        if (!exportersBySignal.containsKey(key)) {
          // Stored even when null (creation failed), so the failure is reported once, not per pipeline.
          exportersBySignal.put(key, buildExporter(s, id));
        }
        Consumer<B> e = (Consumer<B>) exportersBySignal.get(key);
        if (e != null) {
          exps.add(e);
        }
      }
      Consumer<B> head = FanoutConsumer.of(exps);
      List<Node> pipelineProcessors = new ArrayList<>();
      List<ComponentId> procs = p.processors();
      for (int i = procs.size() - 1; i >= 0; i--) {
        ComponentId id = procs.get(i);
        ProcessorFactory f = (ProcessorFactory) factory(Kind.PROCESSOR, id);
        ComponentSettings st = settings(Kind.PROCESSOR, id);
        ComponentConfig cfg = configOf(Kind.PROCESSOR, id);
        Consumer<B> next = new ObservedConsumer<>(head,
            ComponentMetrics.counter(meterProvider, "otelcol_processor_outgoing_items", Kind.PROCESSOR, id, s,
                "Items the processor passed on"), BoundCounter.NOOP);
        Component proc = create(Kind.PROCESSOR, id, () -> {
          switch (s) {
            case TRACES:
              return f.createTraces(st, cfg, TracesConsumer.of((Consumer) next));
            case METRICS:
              return f.createMetrics(st, cfg, MetricsConsumer.of((Consumer) next));
            default:
              return f.createLogs(st, cfg, LogsConsumer.of((Consumer) next));
          }
        });
        if (proc == null) {
          continue;
        }
        pipelineProcessors.add(new Node(Kind.PROCESSOR, id, proc));
        BoundCounter in = ComponentMetrics.counter(meterProvider, "otelcol_processor_incoming_items", Kind.PROCESSOR, id, s,
            "Items passed to the processor");
        head = new ObservedConsumer<>((Consumer<B>) proc, in, BoundCounter.NOOP);
      }
      // Built last-first, which is also start order: a processor starts after its successor.
      for (Node n : pipelineProcessors) {
        add(g.processors, n.kind(), n.id(), n.component());
      }
      pipelineHeads.put(pid, head);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private @Nullable Exporter<?> buildExporter(Signal s, ComponentId id) {
      ExporterFactory f = (ExporterFactory) factory(Kind.EXPORTER, id);
      ComponentSettings st = settings(Kind.EXPORTER, id);
      ComponentConfig cfg = configOf(Kind.EXPORTER, id);
      Exporter<?> ex = create(Kind.EXPORTER, id, () -> {
        switch (s) {
          case TRACES:
            return f.createTraces(st, cfg);
          case METRICS:
            return f.createMetrics(st, cfg);
          default:
            return f.createLogs(st, cfg);
        }
      });
      if (ex != null) {
        add(g.exporters, Kind.EXPORTER, id, ex);
      }
      return ex;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void buildReceiver(ComponentId id, Signal s, List<Consumer<?>> heads) {
      ReceiverFactory f = (ReceiverFactory) factory(Kind.RECEIVER, id);
      ComponentSettings st = settings(Kind.RECEIVER, id);
      ComponentConfig cfg = configOf(Kind.RECEIVER, id);
      Consumer fan = FanoutConsumer.of((List) heads);
      Consumer next = new ObservedConsumer(fan,
          ComponentMetrics.itemCounter(meterProvider, Kind.RECEIVER, id, s, "accepted",
              "Items successfully pushed into the pipeline"),
          ComponentMetrics.itemCounter(meterProvider, Kind.RECEIVER, id, s, "refused",
              "Items that could not be pushed into the pipeline"));
      Component r = create(Kind.RECEIVER, id, () -> {
        switch (s) {
          case TRACES:
            return f.createTraces(st, cfg, TracesConsumer.of(next));
          case METRICS:
            return f.createMetrics(st, cfg, MetricsConsumer.of(next));
          default:
            return f.createLogs(st, cfg, LogsConsumer.of(next));
        }
      });
      if (r != null) {
        add(g.receivers, Kind.RECEIVER, id, r);
      }
    }

    private <T> @Nullable T create(Kind kind, ComponentId id, java.util.function.Supplier<T> create) {
      try {
        T t = create.get();
        if (t == null) {
          problems.add(new ConfigProblem(kind.section() + "." + id, "factory returned no component", null));
        }
        return t;
      } catch (RuntimeException e) {
        problems.add(new ConfigProblem(kind.section() + "." + id, "cannot create " + kind.word() + ": " + e.getMessage(), null));
        return null;
      }
    }
  }
}
