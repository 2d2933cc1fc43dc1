package io.otelcol4j.processor.k8sattributes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.telemetry.Logger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The metadata one processor id shares across its pipelines and signals: one set of watches, one
 * cache, one eviction thread. Started by the first instance to start, stopped by the factory when
 * the last instance shuts down.
 */
final class K8sMetadata {
  /** How often deleted objects past their grace period are removed, as upstream's delete loop. */
  static final Duration EVICT_INTERVAL = Duration.ofSeconds(30);
  static final String SYNC_TIMEOUT = "failed to wait for caches to sync";

  private final ComponentSettings settings;
  private final K8sAttributesProcessorConfig config;
  private final Rules rules;
  private final ClientProvider clients;
  private final Function<String, @Nullable String> env;
  private final Logger logger;
  final K8sTelemetry telemetry;
  /** Null in passthrough mode, which needs no API access. */
  final @Nullable PodCache cache;
  final Enricher enricher;
  private @Nullable KubeWatcher watcher; // guarded by this
  private @Nullable ScheduledExecutorService evictor; // guarded by this
  private boolean started; // guarded by this

  K8sMetadata(ComponentSettings settings, K8sAttributesProcessorConfig config, ClientProvider clients,
      Function<String, @Nullable String> env, LongSupplier nanoTime) {
    this.settings = settings;
    this.config = config;
    this.rules = new Rules(config);
    this.clients = clients;
    this.env = env;
    this.logger = settings.logger();
    this.telemetry = new K8sTelemetry(settings.meterProvider(), settings.id());
    this.cache = config.passthrough() ? null
        : new PodCache(rules, nanoTime, PodCache.DELETE_GRACE_PERIOD, telemetry);
    this.enricher = new Enricher(rules, cache, telemetry);
  }

  /**
   * Starts the watches (once). Returns at once unless {@code wait_for_metadata} is set, in which
   * case it waits for the first full listing up to {@code wait_for_metadata_timeout}.
   *
   * @throws IllegalStateException when the client cannot be configured or the wait times out
   */
  synchronized void start() throws InterruptedException {
    if (started || cache == null) {
      return;
    }
    started = true;
    String node = config.filter().node();
    String nodeVar = config.filter().nodeFromEnvVar();
    if (!nodeVar.isEmpty()) {
      node = env.apply(nodeVar);
      if (node == null || node.isEmpty()) {
        throw new IllegalStateException("`node_from_env_var` is configured but envvar \"" + nodeVar + "\" is not set");
      }
    }
    KubernetesClient client = clients.create(config, env);
    KubeWatcher w = new KubeWatcher(client, rules, cache, config.filter(), node, logger);
    watcher = w;
    CompletableFuture<Void> synced = w.start();
    telemetry.observePodTableSize(cache::podCount);
    ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "otelcol4j-k8sattributes-" + settings.id());
      t.setDaemon(true);
      return t;
    });
    evictor = e;
    e.scheduleWithFixedDelay(this::evict, EVICT_INTERVAL.toMillis(), EVICT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    logger.info("Watching Kubernetes metadata", "kinds", String.join(",", rules.watchedKinds()),
        "node", node.isEmpty() ? "*" : node,
        "namespace", config.filter().namespace().isEmpty() ? "*" : config.filter().namespace());
    if (config.waitForMetadata()) {
      try {
        synced.get(config.waitForMetadataTimeout().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException ex) {
        stop();
        throw new IllegalStateException(SYNC_TIMEOUT, ex);
      }
      logger.info("Kubernetes metadata synced", "pods", cache.podCount());
    } else {
      synced.whenComplete((v, t) -> {
        if (t == null) {
          logger.info("Kubernetes metadata synced", "pods", cache.podCount());
        }
      });
    }
  }

  /** The running watcher, or null before start and after stop; for tests. */
  synchronized @Nullable KubeWatcher watcher() {
    return watcher;
  }

  private void evict() {
    try {
      if (cache != null) {
        cache.evictExpired();
      }
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      logger.warn("Evicting deleted pods failed", t);
    }
  }

  /** Stops the watches and the eviction thread. Idempotent. */
  synchronized void stop() {
    if (evictor != null) {
      evictor.shutdownNow();
      evictor = null;
    }
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
    telemetry.close();
  }
}
