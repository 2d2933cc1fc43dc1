package io.otelcol4j.receiver.prometheus;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running receiver: one scrape pool per scrape config, all on one scheduler thread and a
 * small worker pool (parsing and translation), with the JDK HTTP client's asynchronous I/O, so
 * the thread count does not grow with the number of targets.
 */
final class PrometheusReceiver implements Component {
  /** The instrumentation scope name of the metrics this receiver produces. */
  static final String SCOPE_NAME = "io.otelcol4j/receiver/prometheus";

  private final PrometheusReceiverConfig config;
  private final MetricsConsumer next;
  private final Logger logger;
  private final InstrumentationScope scope;
  private final String userAgent;
  private final Clock clock;
  private final Map<String, ScrapePool> pools = new LinkedHashMap<>();
  private final List<AutoCloseable> discoveries = new ArrayList<>();
  private final KubeClients kubeClients;
  private ScheduledExecutorService scheduler;
  private ExecutorService workers;
  private boolean started;
  private boolean stopped;

  PrometheusReceiver(ComponentSettings settings, PrometheusReceiverConfig config, MetricsConsumer next, Clock clock) {
    this(settings, config, next, clock, KubeClients.DEFAULT);
  }

  PrometheusReceiver(ComponentSettings settings, PrometheusReceiverConfig config, MetricsConsumer next, Clock clock,
      KubeClients kubeClients) {
    this.kubeClients = kubeClients;
    this.config = config;
    this.next = next;
    this.logger = settings.logger();
    this.clock = clock;
    this.scope = InstrumentationScope.newBuilder().setName(SCOPE_NAME).setVersion(settings.buildInfo().version())
        .build();
    this.userAgent = "otelcol4j/" + settings.buildInfo().version();
  }

  @Override
  public synchronized void start(Host host) throws Exception {
    if (started || stopped) {
      return;
    }
    started = true;
    scheduler = Executors.newSingleThreadScheduledExecutor(threads("otelcol4j-prometheus-scheduler"));
    int n = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    workers = Executors.newFixedThreadPool(n, threads("otelcol4j-prometheus-worker"));
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      HttpScraper scraper = new HttpScraper(sc, workers, userAgent);
      ScrapePool pool = new ScrapePool(sc, scraper, config.global().externalLabels(), next, scheduler, workers,
          logger, clock, scope);
      pools.put(sc.jobName(), pool);
      List<TargetGroup> statics = new ArrayList<>();
      for (int i = 0; i < sc.staticConfigs().size(); i++) {
        ScrapeConfig.StaticConfig s = sc.staticConfigs().get(i);
        List<Map<String, String>> targets = new ArrayList<>();
        for (String t : s.targets()) {
          targets.add(Map.of(LabelNames.ADDRESS, t));
        }
        statics.add(new TargetGroup(String.valueOf(i), targets, s.labels()));
      }
      pool.update("static_configs", statics);
      for (int i = 0; i < sc.fileSdConfigs().size(); i++) {
        FileDiscovery d = new FileDiscovery(sc.fileSdConfigs().get(i), "file_sd_configs/" + i, pool::update, scheduler,
            logger.with("scrape_pool", sc.jobName()));
        discoveries.add(d);
        d.start();
      }
      for (int i = 0; i < sc.kubernetesSdConfigs().size(); i++) {
        KubernetesDiscovery d = new KubernetesDiscovery(sc.kubernetesSdConfigs().get(i), kubeClients,
            "kubernetes_sd_configs/" + i, pool::update, scheduler, logger.with("scrape_pool", sc.jobName()));
        discoveries.add(d);
        try {
          d.start();
        } catch (IOException | RuntimeException e) {
          // As Prometheus: a discoverer that cannot be created is logged; the other targets go on.
          logger.error("cannot create kubernetes service discovery", "scrape_pool", sc.jobName(),
              "provider", "kubernetes_sd_configs/" + i, "error", String.valueOf(e.getMessage()));
        }
      }
    }
    logger.info("prometheus receiver started", "scrape_configs", config.scrapeConfigs().size());
  }

  /** The active targets of each job, for tests and diagnostics. */
  synchronized Map<String, List<Target>> targets() {
    Map<String, List<Target>> out = new HashMap<>();
    pools.forEach((job, pool) -> out.put(job, pool.targets()));
    return out;
  }

  @Override
  public synchronized void shutdown(Duration deadline) throws Exception {
    if (stopped) {
      return;
    }
    stopped = true;
    for (AutoCloseable d : discoveries) {
      try {
        d.close();
      } catch (Exception e) {
        logger.debug("closing a discovery failed", "error", String.valueOf(e.getMessage()));
      }
    }
    pools.values().forEach(ScrapePool::stop);
    if (scheduler != null) {
      scheduler.shutdownNow();
      workers.shutdown();
      if (!workers.awaitTermination(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
