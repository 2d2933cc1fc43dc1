package io.otelcol4j.processor.memorylimiter;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.telemetry.Logger;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The memory check shared by every processor instance of one {@code memory_limiter} id (all
 * pipelines and signals), as in the collector: one checker thread reads the used heap every
 * {@code check_interval} and decides whether data must be refused.
 *
 * <p>Soft limit = limit - spike limit. Above the soft limit data is refused until usage is back
 * below it; a GC is forced first, at most every {@code min_gc_interval_when_soft_limited}, and
 * refusal starts only if usage is still above the soft limit after it. Above the hard limit a GC is
 * forced at most every {@code min_gc_interval_when_hard_limited}.
 *
 * <p>The used heap includes garbage not yet collected, as the Go runtime's heap {@code Alloc} that
 * upstream reads does; the forced GC before refusing is what tells garbage from live data.
 */
final class MemoryLimiter {
  static final String DATA_REFUSED = "data refused due to high memory usage";
  static final String NO_TOTAL_MEMORY = "failed to get total memory, use fixed memory settings (limit_mib)";
  static final long MIB = 1024L * 1024L;

  private final String name;
  private final Logger logger;
  private final LongSupplier usedMemory;
  private final Runnable gc;
  private final Clock clock;
  private final Duration checkInterval;
  private final long minGcSoftMillis;
  private final long minGcHardMillis;
  private final long limitBytes;
  private final long spikeBytes;

  private volatile boolean mustRefuse;
  private final Object checkLock = new Object();
  private long lastGcMillis; // guarded by checkLock

  private int startedRefs; // guarded by this
  private @Nullable ScheduledExecutorService checker; // guarded by this
  private @Nullable Thread checkerThread; // guarded by this

  /**
   * A limiter reading memory from {@code usedMemory}, for tests and embedders.
   *
   * @param totalMemory what percentages are of; only read when {@code limit_mib} is 0
   * @param gc forces a garbage collection
   * @throws IllegalStateException when percentages are configured but the total is unknown
   */
  MemoryLimiter(ComponentId id, MemoryLimiterProcessorConfig config, Logger logger, LongSupplier usedMemory,
      long totalMemory, Runnable gc, Clock clock) {
    this.name = id.toString();
    this.logger = logger;
    this.usedMemory = usedMemory;
    this.gc = gc;
    this.clock = clock;
    this.checkInterval = config.checkInterval();
    this.minGcSoftMillis = config.minGcIntervalWhenSoftLimited().toMillis();
    this.minGcHardMillis = config.minGcIntervalWhenHardLimited().toMillis();
    long limit;
    long spike;
    if (config.limitMib() != 0) {
      limit = config.limitMib() * MIB;
      spike = config.spikeLimitMib() * MIB;
    } else {
      if (totalMemory <= 0 || totalMemory == Long.MAX_VALUE) {
        throw new IllegalStateException(NO_TOTAL_MEMORY);
      }
      logger.info("Using percentage memory limiter", "total_memory_mib", totalMemory / MIB,
          "limit_percentage", config.limitPercentage(), "spike_limit_percentage", config.spikeLimitPercentage());
      limit = config.limitPercentage() * totalMemory / 100;
      spike = config.spikeLimitPercentage() * totalMemory / 100;
    }
    this.limitBytes = limit;
    // As upstream: an unset spike limit is 20% of the limit.
    this.spikeBytes = spike == 0 ? limit / 5 : spike;
    this.lastGcMillis = clock.millis();
    logger.info("Memory limiter configured", "limit_mib", limitBytes / MIB, "spike_limit_mib", spikeBytes / MIB,
        "check_interval", checkInterval);
  }

  /** A limiter of this JVM's heap: used heap from the memory MXBean, percentages of the max heap. */
  static MemoryLimiter forJvm(ComponentId id, MemoryLimiterProcessorConfig config, Logger logger) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long maxHeap = Runtime.getRuntime().maxMemory();
    MemoryLimiter limiter = new MemoryLimiter(id, config, logger, () -> memory.getHeapMemoryUsage().getUsed(),
        maxHeap, System::gc, Clock.systemUTC());
    if (maxHeap != Long.MAX_VALUE && limiter.limitBytes > maxHeap) {
      logger.warn("The memory limit is above the JVM's maximum heap (-Xmx): the JVM runs out of memory before the"
          + " limiter refuses data", "limit_mib", limiter.limitBytes / MIB, "max_heap_mib", maxHeap / MIB);
    }
    return limiter;
  }

  long limitBytes() {
    return limitBytes;
  }

  long softLimitBytes() {
    return limitBytes - spikeBytes;
  }

  /** The checker thread while started, else null; for tests. */
  synchronized @Nullable Thread checkerThread() {
    return checkerThread;
  }

  /** True while data must be refused. Read on every consume: a volatile read, no allocation. */
  boolean mustRefuse() {
    return mustRefuse;
  }

  /** Starts the checker thread for the first started processor instance. */
  synchronized void start() {
    if (startedRefs++ > 0) {
      return;
    }
    Thread[] thread = new Thread[1];
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "otelcol4j-memory-limiter-" + name);
      t.setDaemon(true);
      thread[0] = t;
      return t;
    });
    executor.prestartCoreThread();
    checkerThread = thread[0];
    long nanos = checkInterval.toNanos();
    executor.scheduleWithFixedDelay(this::checkSafely, nanos, nanos, TimeUnit.NANOSECONDS);
    checker = executor;
  }

  /** Stops the checker thread when the last started processor instance stops. */
  void stop(Duration deadline) throws InterruptedException {
    ScheduledExecutorService executor;
    Thread thread;
    synchronized (this) {
      if (startedRefs == 0 || --startedRefs > 0) {
        return;
      }
      executor = checker;
      thread = checkerThread;
      checker = null;
      checkerThread = null;
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    if (thread != null) {
      // Joined, not just awaited: the pool reports termination just before its thread exits.
      thread.join(Math.max(1, deadline.toMillis()));
      if (thread.isAlive()) {
        logger.warn("Memory limiter checker did not stop within the shutdown deadline", "deadline", deadline);
      }
    }
  }

  private void checkSafely() {
    try {
      checkMemLimits();
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      logger.error("Memory check failed; keeping the previous decision", t);
    }
  }

  /** One check: reads usage, forces a GC when due, and decides whether to refuse. */
  void checkMemLimits() {
    synchronized (checkLock) {
      long used = usedMemory.getAsLong();
      logger.debug("Currently used memory.", "cur_mem_mib", used / MIB);
      boolean aboveSoft = used >= softLimitBytes();
      if (!aboveSoft) {
        if (mustRefuse) {
          logger.info("Memory usage back within limits. Resuming normal operation.", "cur_mem_mib", used / MIB);
        }
        mustRefuse = false;
        return;
      }
      long sinceGc = clock.millis() - lastGcMillis;
      if (used >= limitBytes) {
        if (sinceGc >= minGcHardMillis) {
          logger.warn("Memory usage is above hard limit. Forcing a GC.", "cur_mem_mib", used / MIB);
          used = gcAndRead();
          aboveSoft = used >= softLimitBytes();
        }
      } else if (sinceGc >= minGcSoftMillis) {
        logger.info("Memory usage is above soft limit. Forcing a GC.", "cur_mem_mib", used / MIB);
        used = gcAndRead();
        aboveSoft = used >= softLimitBytes();
      }
      if (!mustRefuse && aboveSoft) {
        logger.warn("Memory usage is above soft limit. Refusing data.", "cur_mem_mib", used / MIB);
      } else if (mustRefuse && !aboveSoft) {
        logger.info("Memory usage back within limits. Resuming normal operation.", "cur_mem_mib", used / MIB);
      }
      mustRefuse = aboveSoft;
    }
  }

  private long gcAndRead() {
    gc.run();
    lastGcMillis = clock.millis();
    long used = usedMemory.getAsLong();
    logger.info("Memory usage after GC.", "cur_mem_mib", used / MIB);
    return used;
  }
}
