package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.telemetry.Logger;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Scrapes one target every interval, at an offset within the interval derived from the target's
 * labels (as Prometheus spreads scrapes), never overlapping itself: the next scrape is scheduled
 * once the previous one is done, at the next tick of the target's grid (missed ticks are skipped).
 * Runs on the receiver's shared scheduler and worker pool; it owns no thread.
 */
final class ScrapeLoop {
  private final Target target;
  private final HttpScraper scraper;
  private final ScrapeTranslator translator;
  private final MetricsConsumer next;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Logger logger;
  private final Clock clock;
  private final long intervalNanos;
  private final long offsetNanos;
  private final Object lock = new Object();
  private volatile boolean stopped;
  private @Nullable ScheduledFuture<?> scheduled;
  private long nextDueNanos;
  // Log transitions, not every failure.
  private boolean down = true;
  private boolean firstScrape = true;
  private boolean refusing;
  private volatile @Nullable String lastError;

  ScrapeLoop(Target target, HttpScraper scraper, ScrapeTranslator translator, MetricsConsumer next,
      ScheduledExecutorService scheduler, ExecutorService workers, Logger logger, Clock clock) {
    this.target = target;
    this.scraper = scraper;
    this.translator = translator;
    this.next = next;
    this.scheduler = scheduler;
    this.workers = workers;
    this.logger = logger.with("target", target.url().toString());
    this.clock = clock;
    this.intervalNanos = target.interval().toNanos();
    long hash = ScrapeTranslator.seriesHash(target.url().toString(), PointKind.GAUGE, Target.sortedPairs(target.labels()));
    this.offsetNanos = Math.floorMod(hash, intervalNanos);
  }

  Target target() {
    return target;
  }

  @Nullable String lastError() {
    return lastError;
  }

  void start() {
    long nowEpochNanos = clock.millis() * 1_000_000L;
    long delay = Math.floorMod(offsetNanos - nowEpochNanos, intervalNanos);
    nextDueNanos = System.nanoTime() + delay;
    schedule(delay);
  }

  private void schedule(long delayNanos) {
    synchronized (lock) {
      if (stopped) {
        return;
      }
      scheduled = scheduler.schedule(() -> workers.execute(this::scrape), delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void scheduleNext() {
    long now = System.nanoTime();
    nextDueNanos += intervalNanos;
    if (nextDueNanos - now < 0) {
      long behind = now - nextDueNanos;
      nextDueNanos += (behind / intervalNanos + 1) * intervalNanos;
    }
    schedule(nextDueNanos - now);
  }

  private void scrape() {
    if (stopped) {
      return;
    }
    long startMillis = clock.millis();
    long startNanos = System.nanoTime();
    try {
      scraper.fetch(target.url(), target.timeout()).whenCompleteAsync((page, error) -> {
        try {
          double duration = (System.nanoTime() - startNanos) / 1e9;
          handle(page, error, startMillis, duration);
        } catch (Throwable t) {
          Failures.propagateIfFatal(t);
          logger.error("scrape loop failed", t);
        } finally {
          scheduleNext();
        }
      }, workers);
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      logger.error("scrape loop failed", t);
      scheduleNext();
    }
  }

  private void handle(HttpScraper.@Nullable Page page, @Nullable Throwable error, long startMillis, double duration) {
    MetricsBatch batch;
    ScrapeTranslator.Report report = new ScrapeTranslator.Report();
    synchronized (translator) {
      if (stopped) {
        return;
      }
      if (error != null || page == null) {
        report.error = describe(error);
        batch = translator.failed(startMillis, duration, report);
      } else {
        batch = translator.translate(page.body(), page.body().length, page.format(), startMillis, duration, report);
      }
    }
    lastError = report.error;
    if (report.error != null) {
      if (!down || firstScrape) {
        logger.warn("scrape failed", "error", report.error);
      } else {
        logger.debug("scrape failed", "error", report.error);
      }
      down = true;
    } else if (down) {
      if (!firstScrape) {
        logger.info("scrape succeeded again");
      }
      down = false;
    }
    firstScrape = false;
    deliver(batch);
  }

  private void deliver(MetricsBatch batch) {
    try {
      next.consume(Context.EMPTY, batch);
      refusing = false;
    } catch (RuntimeException e) {
      // The graph counts the refused items; log once per burst of refusals.
      if (!refusing) {
        logger.warn("the pipeline refused scraped metrics; dropping them", e, "data_points", batch.itemCount());
        refusing = true;
      }
    }
  }

  static String describe(@Nullable Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e == null) {
      return "no response";
    }
    if (e instanceof java.net.http.HttpTimeoutException || e instanceof java.util.concurrent.TimeoutException) {
      return "context deadline exceeded";
    }
    String m = e.getMessage();
    if (e instanceof HttpScraper.ScrapeException) {
      return m == null ? "scrape failed" : m;
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /**
   * Stops the loop. With {@code staleMarkers}, writes staleness markers for every series of the
   * target (the target went away).
   */
  void stop(boolean staleMarkers) {
    synchronized (lock) {
      stopped = true;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
    if (!staleMarkers) {
      return;
    }
    MetricsBatch batch;
    synchronized (translator) {
      batch = translator.endOfRun(clock.millis());
    }
    deliver(batch);
  }
}
