package io.otelcol4j.service;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.ComponentLoader;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.config.CollectorConfig;
import io.otelcol4j.config.ConfigLoader;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.TelemetryConfig;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.telemetry.OwnTelemetry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A collector: the library entry point, usable from another application's {@code main} and by the
 * distro's CLI alike.
 *
 * <pre>{@code
 * try (Collector c = Collector.builder().configYaml("inline", yaml).build()) {
 *   c.start();
 *   c.awaitHealthy(Duration.ofSeconds(5));
 *   ...
 * } // close() drains and stops
 * }</pre>
 *
 * <p>{@link #start()} loads and validates the config, starts own telemetry, builds the pipeline
 * graph and starts it (extensions, exporters, processors, receivers). {@link #shutdown()} stops in
 * reverse order, draining within the shutdown timeout. Thread-safe; start and shutdown are each
 * effective once.
 */
public final class Collector implements AutoCloseable {
  private final Builder b;
  private final StatusRegistry status = new StatusRegistry();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile @Nullable Throwable startFailure;
  private @Nullable Graph graph;
  private @Nullable OwnTelemetry telemetry;
  private @Nullable CollectorConfig config;
  private List<ConfigProblem> warnings = List.of();
  private Logger logger;
  private boolean started;
  private boolean stopped;

  private Collector(Builder b) {
    this.b = b;
    this.logger = b.logger;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the config and starts everything.
   *
   * @throws io.otelcol4j.config.ConfigurationException when the config is invalid, listing every problem
   * @throws Exception when a component cannot start; what had started is stopped again
   */
  public synchronized void start() throws Exception {
    if (started) {
      throw new IllegalStateException("collector already started");
    }
    started = true;
    try {
      doStart();
    } catch (Exception e) {
      startFailure = e;
      status.setCollectorState(StatusRegistry.CollectorState.STOPPED);
      ready.countDown();
      if (telemetry != null) {
        telemetry.close();
        telemetry = null; // closed once: a later shutdown() must not close it again
      }
      throw e;
    }
  }

  private void doStart() throws Exception {
    CollectorConfig cfg = b.config;
    if (cfg == null) {
      ConfigLoader.Result r = new ConfigLoader(b.registry, b.env).load(b.sources, b.overrides);
      cfg = r.config();
      warnings = r.warnings();
    }
    config = cfg;
    TelemetryConfig tc = cfg.service().telemetry();
    if (b.metricsAddressOverride != null) {
      tc = tc.withMetricsAddress(b.metricsAddressOverride.isEmpty() ? null : b.metricsAddressOverride);
    }
    if (b.logSink != null) {
      logger = Logger.of(b.logSink, tc.logsLevel());
    } else if (tc.logsEncoding().equals("json")) {
      logger = Logger.of(Logger.jsonSink(System.err), tc.logsLevel());
    } else {
      logger = logger.withLevel(tc.logsLevel());
    }
    for (ConfigProblem w : warnings) {
      logger.warn(w.toString());
    }
    BuildInfo info = BuildInfo.current();
    logger.info("Starting " + info.command() + "...", "version", info.version());
    telemetry = OwnTelemetry.start(tc, info);
    if (!telemetry.addresses().isEmpty()) {
      logger.info("Serving own metrics", "endpoints", telemetry.addresses().toString());
    }
    Graph g = Graph.build(cfg, b.registry, telemetry.meterProvider(), status, logger, info);
    graph = g;
    status.setCollectorState(StatusRegistry.CollectorState.STARTING);
    g.start(b.shutdownTimeout);
    status.setCollectorState(StatusRegistry.CollectorState.RUNNING);
    ready.countDown();
    logger.info("Everything is ready. Begin running and processing data.");
  }

  /**
   * Waits until every component has started.
   *
   * @return true when running, false when the timeout passed first
   * @throws IllegalStateException when start failed (the cause is attached)
   */
  public boolean awaitHealthy(Duration timeout) throws InterruptedException {
    boolean done = ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Throwable f = startFailure;
    if (f != null) {
      throw new IllegalStateException("collector failed to start: " + f.getMessage(), f);
    }
    return done && status.collectorState() == StatusRegistry.CollectorState.RUNNING;
  }

  /**
   * Stops every component in reverse start order, draining within the shutdown timeout, then own
   * telemetry. Idempotent.
   *
   * @return the components' stop failures; empty when all stopped cleanly
   */
  public synchronized List<Throwable> shutdown() {
    if (stopped) {
      return List.of();
    }
    stopped = true;
    List<Throwable> failures = new ArrayList<>();
    if (graph != null) {
      status.setCollectorState(StatusRegistry.CollectorState.STOPPING);
      logger.info("Starting shutdown...");
      failures.addAll(graph.shutdown(b.shutdownTimeout));
    }
    status.setCollectorState(StatusRegistry.CollectorState.STOPPED);
    if (telemetry != null) {
      telemetry.close();
    }
    if (graph != null) {
      logger.info("Shutdown complete.");
    }
    return failures;
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  /** The collector's and components' status. */
  public StatusRegistry status() {
    return status;
  }

  /** The config in use, once started. */
  public @Nullable CollectorConfig config() {
    return config;
  }

  /** Warnings found while loading the config (e.g. unused components). */
  public List<ConfigProblem> warnings() {
    return warnings;
  }

  /** Where own metrics are served, with bound ports; empty before start or when disabled. */
  public List<InetSocketAddress> metricsAddresses() {
    OwnTelemetry t = telemetry;
    return t == null ? List.of() : t.addresses();
  }

  /** Builds a {@link Collector}. */
  public static final class Builder {
    private ComponentRegistry registry;
    private final List<ConfigLoader.Source> sources = new ArrayList<>();
    private final List<String> overrides = new ArrayList<>();
    private @Nullable CollectorConfig config;
    private Map<String, String> env = System.getenv();
    private Logger logger = Logger.stderr();
    private Logger.@Nullable Sink logSink;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private @Nullable String metricsAddressOverride;

    private Builder() {}

    /** The factories to use; by default those found on the class path with ServiceLoader. */
    public Builder registry(ComponentRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** Adds a config file; several are merged in order. */
    public Builder configFile(Path path) throws IOException {
      sources.add(ConfigLoader.Source.file(path));
      return this;
    }

    /** Adds config YAML text; {@code name} appears in error locations. */
    public Builder configYaml(String name, String yaml) {
      sources.add(ConfigLoader.Source.text(name, yaml));
      return this;
    }

    /** Uses a programmatic config instead of YAML. */
    public Builder config(CollectorConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** Adds a {@code key.path=value} override, as {@code --set}. */
    public Builder set(String override) {
      overrides.add(requireNonNull(override, "override"));
      return this;
    }

    /** The environment {@code ${env:VAR}} reads; {@code System.getenv()} by default. */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** Where logs go; standard error in the console format by default. */
    public Builder logSink(Logger.Sink sink) {
      this.logSink = requireNonNull(sink, "sink");
      return this;
    }

    /** Writes logs to {@code out} in the console format. */
    public Builder logTo(PrintStream out) {
      return logSink(Logger.consoleSink(out));
    }

    /** How long stopping may take in all; 30s by default. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Serves own metrics at this {@code host:port} instead of what the config says (e.g.
     * {@code 127.0.0.1:0} in tests); the empty string turns the server off.
     */
    public Builder metricsAddress(String address) {
      this.metricsAddressOverride = requireNonNull(address, "address");
      return this;
    }

    public Collector build() {
      if (registry == null) {
        registry = ComponentLoader.fromClasspath();
      }
      if (config == null && sources.isEmpty()) {
        throw new IllegalStateException("no config: call configFile, configYaml or config");
      }
      return new Collector(this);
    }
  }
}
