package io.otelcol4j.receiver.prometheus;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.prometheus.relabel.Relabeler;
import io.otelcol4j.telemetry.Logger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The targets of one scrape config and their loops. Discovery providers hand in their whole set of
 * groups; the pool rebuilds the target list (relabeling, deduplication by final label set) and
 * starts loops for new targets and stops those of vanished ones, which write staleness markers.
 */
final class ScrapePool {
  private final ScrapeConfig config;
  private final HttpScraper scraper;
  private final Relabeler targetRelabeler;
  private final Relabeler metricRelabeler;
  private final Map<String, String> externalLabels;
  private final MetricsConsumer next;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Logger logger;
  private final Clock clock;
  private final InstrumentationScope scope;
  private final Map<String, List<TargetGroup>> groupsByProvider = new LinkedHashMap<>();
  private Map<Target, ScrapeLoop> loops = new LinkedHashMap<>();
  private Set<String> reportedErrors = new HashSet<>();
  private boolean stopped;

  ScrapePool(ScrapeConfig config, HttpScraper scraper, Map<String, String> externalLabels, MetricsConsumer next,
      ScheduledExecutorService scheduler, ExecutorService workers, Logger logger, Clock clock,
      InstrumentationScope scope) {
    this.config = config;
    this.scraper = scraper;
    this.targetRelabeler = Relabeler.of(config.relabelConfigs());
    this.metricRelabeler = Relabeler.of(config.metricRelabelConfigs());
    this.externalLabels = externalLabels;
    this.next = next;
    this.scheduler = scheduler;
    this.workers = workers;
    this.logger = logger.with("scrape_pool", config.jobName());
    this.clock = clock;
    this.scope = scope;
  }

  /** Replaces what {@code provider} discovered and syncs the loops. */
  synchronized void update(String provider, List<TargetGroup> groups) {
    if (stopped) {
      return;
    }
    groupsByProvider.put(provider, List.copyOf(groups));
    sync();
  }

  private void sync() {
    LinkedHashMap<Target, Boolean> targets = new LinkedHashMap<>();
    Set<String> errors = new HashSet<>();
    for (List<TargetGroup> groups : groupsByProvider.values()) {
      for (TargetGroup g : groups) {
        for (Map<String, String> t : g.targets()) {
          Map<String, String> labels = new HashMap<>(g.labels());
          labels.putAll(t);
          Target.Result r = Target.build(config, targetRelabeler, labels);
          if (r.target() != null) {
            targets.putIfAbsent(r.target(), Boolean.TRUE);
          } else if (r.error() != null) {
            String message = r.error() + " (target labels: " + new java.util.TreeMap<>(labels) + ")";
            errors.add(message);
            if (!reportedErrors.contains(message)) {
              logger.warn("creating target failed", "error", message);
            }
          }
        }
      }
    }
    reportedErrors = errors;
    Map<Target, ScrapeLoop> nextLoops = new LinkedHashMap<>();
    List<ScrapeLoop> started = new ArrayList<>();
    for (Target t : targets.keySet()) {
      ScrapeLoop loop = loops.get(t);
      if (loop == null) {
        loop = new ScrapeLoop(t, scraper, new ScrapeTranslator(config, metricRelabeler, t, externalLabels, scope), next,
            scheduler, workers, logger, clock);
        started.add(loop);
      }
      nextLoops.put(t, loop);
    }
    for (Map.Entry<Target, ScrapeLoop> e : loops.entrySet()) {
      if (!nextLoops.containsKey(e.getKey())) {
        ScrapeLoop gone = e.getValue();
        workers.execute(() -> gone.stop(true));
      }
    }
    loops = nextLoops;
    started.forEach(ScrapeLoop::start);
    if (!started.isEmpty() || loops.size() != targets.size()) {
      logger.debug("targets synced", "targets", loops.size());
    }
  }

  /** The active targets. */
  synchronized List<Target> targets() {
    return List.copyOf(loops.keySet());
  }

  /** The last scrape error of each active target, by URL; null when the last scrape succeeded. */
  synchronized Map<String, String> lastErrors() {
    Map<String, String> out = new LinkedHashMap<>();
    loops.values().forEach(l -> out.put(l.target().url().toString(), l.lastError()));
    return out;
  }

  /** Stops every loop, without staleness markers (the collector is shutting down). */
  synchronized void stop() {
    stopped = true;
    loops.values().forEach(l -> l.stop(false));
    loops = Map.of();
  }
}
