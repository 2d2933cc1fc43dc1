package io.otelcol4j.extension.healthcheck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.component.StatusRegistry.CollectorState;
import io.otelcol4j.config.Scalars;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@code health_check} extension: a small HTTP server answering {@code GET <path>} with 200
 * while the collector runs (and, with {@code check_collector_pipeline}, no exporter has been
 * failing for longer than the interval) and 503 otherwise.
 *
 * <p>Threads: the JDK server's dispatcher plus a two-thread daemon pool that handles requests and,
 * once a second, notes state changes so that {@code upSince} and the logs are right even when
 * nobody probes.
 */
final class HealthCheckExtension implements Component {
  static final String AVAILABLE = "Server available";
  static final String NOT_AVAILABLE = "Server not available";
  // What Go's encoding/json writes for a zero time.Time, which upstream sends while unavailable.
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final Duration TICK = Duration.ofSeconds(1);

  private final HealthCheckExtensionConfig config;
  private final Logger logger;

  private @Nullable HttpServer server;
  private @Nullable ScheduledThreadPoolExecutor executor;
  private @Nullable Host host;

  // Guarded by this: the health last observed, for upSince and for logging changes once.
  private @Nullable Instant upSince;

  /** The outcome of one evaluation. */
  record Health(boolean available, @Nullable Instant upSince, Instant now, @Nullable String reason) {}

  // Guarded by this: what the last evaluation saw, e.g. "running", "stopping", "exporter:otlp".
  private @Nullable String lastKey;

  HealthCheckExtension(HealthCheckExtensionConfig config, Logger logger) {
    this.config = config;
    this.logger = logger;
  }

  @Override
  public synchronized void start(Host host) throws IOException {
    if (server != null) {
      throw new IllegalStateException("health_check already started");
    }
    this.host = host;
    InetSocketAddress want = HealthCheckExtensionConfig.socketAddress(config.endpoint());
    if (want == null) {
      throw new IllegalArgumentException("endpoint \"" + config.endpoint() + "\" (expected: host:port)");
    }
    InetSocketAddress bindAddress = want.isUnresolved() ? new InetSocketAddress(want.getHostString(), want.getPort()) : want;
    if (bindAddress.isUnresolved()) {
      throw new IOException("health_check cannot listen on " + config.endpoint() + ": unknown host \"" + want.getHostString() + "\"");
    }
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "otelcol4j-health_check");
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    HttpServer s;
    try {
      s = HttpServer.create(bindAddress, 0);
    } catch (IOException e) {
      pool.shutdownNow();
      throw new IOException("health_check cannot listen on " + config.endpoint() + ": " + e.getMessage(), e);
    }
    s.createContext("/", this::handle);
    s.setExecutor(pool);
    try {
      startDaemon(s);
    } catch (IOException | RuntimeException e) {
      s.stop(0);
      pool.shutdownNow();
      throw e;
    }
    server = s;
    executor = pool;
    pool.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    logger.info("health_check listening", "endpoint", s.getAddress(), "path", config.path());
  }

  /**
   * Starts the server from a daemon thread: the JDK server's dispatcher thread inherits the daemon
   * flag of the thread that calls {@code start}, and must not keep an embedding JVM alive.
   */
  private static void startDaemon(HttpServer s) throws IOException {
    RuntimeException[] failure = new RuntimeException[1];
    Thread starter = new Thread(() -> {
      try {
        s.start();
      } catch (RuntimeException e) {
        failure[0] = e;
      }
    }, "otelcol4j-health_check-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while starting health_check");
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  @Override
  public void shutdown(Duration deadline) throws InterruptedException {
    HttpServer s;
    ScheduledThreadPoolExecutor pool;
    synchronized (this) {
      s = server;
      pool = executor;
      server = null;
      executor = null;
    }
    if (s != null) {
      s.stop(0);
    }
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
    }
  }

  /** The address the server is bound to, with the real port when port 0 was configured. */
  synchronized InetSocketAddress address() {
    if (server == null) {
      throw new IllegalStateException("health_check is not started");
    }
    return server.getAddress();
  }

  private void tick() {
    try {
      evaluate();
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      logger.warn("health_check cannot evaluate the collector's status", t);
    }
  }

  /** Evaluates health now, notes when it started being available and logs changes once. */
  synchronized Health evaluate() {
    Host h = host;
    if (h == null) {
      throw new IllegalStateException("health_check is not started");
    }
    StatusRegistry status = h.status();
    Instant now = status.clock().instant();
    CollectorState state = status.collectorState();
    String stateName = state.name().toLowerCase(Locale.ROOT);
    if (state != CollectorState.RUNNING) {
      upSince = null;
      return logChange(stateName, new Health(false, null, now, "collector is " + stateName));
    }
    if (upSince == null) {
      upSince = now;
    }
    Map.Entry<String, StatusRegistry.Entry> failing =
        config.checkCollectorPipeline().enabled() ? failingExporter(status, now) : null;
    if (failing == null) {
      return logChange(stateName, new Health(true, upSince, now, null));
    }
    StatusRegistry.Entry entry = failing.getValue();
    String reason = failing.getKey() + " failing since " + entry.since()
        + " (longer than check_collector_pipeline.interval " + Scalars.formatDuration(config.checkCollectorPipeline().interval()) + ")"
        + (entry.error() == null ? "" : ": " + entry.error());
    return logChange(failing.getKey(), new Health(false, null, now, reason));
  }

  /** The first exporter in an error status for longer than the interval, else null. */
  private Map.@Nullable Entry<String, StatusRegistry.Entry> failingExporter(StatusRegistry status, Instant now) {
    Duration interval = config.checkCollectorPipeline().interval();
    for (Map.Entry<String, StatusRegistry.Entry> e : status.components().entrySet()) {
      StatusRegistry.Entry entry = e.getValue();
      if (!e.getKey().startsWith("exporter:")) {
        continue;
      }
      boolean error = entry.status() == StatusRegistry.Status.RECOVERABLE_ERROR
          || entry.status() == StatusRegistry.Status.PERMANENT_ERROR;
      if (error && Duration.between(entry.since(), now).compareTo(interval) > 0) {
        return e;
      }
    }
    return null;
  }

  /** Logs once per change of what the health depends on, not per probe. */
  private Health logChange(String key, Health health) {
    if (key.equals(lastKey)) {
      return health;
    }
    lastKey = key;
    if (health.available()) {
      logger.info("health_check state change", "status", "available");
    } else if (key.startsWith("exporter:")) {
      logger.warn("health_check state change", "status", "unavailable", "reason", health.reason());
    } else {
      logger.info("health_check state change", "status", "unavailable", "reason", health.reason());
    }
    return health;
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!config.path().equals(exchange.getRequestURI().getPath())) {
        respond(exchange, 404, TEXT, "404 page not found\n", method);
        return;
      }
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, TEXT, "405 method not allowed\n", method);
        return;
      }
      Health health = evaluate();
      HealthCheckExtensionConfig.ResponseBody fixed = config.responseBody();
      int code = health.available() ? 200 : 503;
      if (fixed != null) {
        respond(exchange, code, TEXT, health.available() ? fixed.healthy() : fixed.unhealthy(), method);
      } else {
        respond(exchange, code, JSON, json(health), method);
      }
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      // Usually the prober hung up; one line at debug, never per request at higher levels.
      logger.debug("health_check request failed", "error", String.valueOf(t));
    }
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String body, String method)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean noBody = bytes.length == 0 || "HEAD".equals(method);
    exchange.sendResponseHeaders(code, noBody ? -1 : bytes.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The body upstream sends: {@code {"status":"Server available","upSince":"…","uptime":"…"}}. */
  static String json(Health health) {
    Instant since = health.upSince();
    if (!health.available() || since == null) {
      return "{\"status\":\"" + NOT_AVAILABLE + "\",\"upSince\":\"" + ZERO_TIME + "\",\"uptime\":\"\"}";
    }
    Duration uptime = Duration.between(since, health.now());
    return "{\"status\":\"" + AVAILABLE + "\",\"upSince\":\"" + since + "\",\"uptime\":\""
        + goDuration(uptime.isNegative() ? Duration.ZERO : uptime) + "\"}";
  }

  /** Go's {@code time.Duration.String()}: {@code 1h2m3.5s}, {@code 1.5ms}, {@code 0s}. */
  static String goDuration(Duration d) {
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE; // ~292 years of uptime
    }
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000L) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return fraction(nanos, 3) + "\u00b5s";
    }
    if (nanos < 1_000_000_000L) {
      return fraction(nanos, 6) + "ms";
    }
    long secs = nanos / 1_000_000_000L;
    StringBuilder sb = new StringBuilder();
    long hours = secs / 3600;
    long minutes = secs / 60 % 60;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    sb.append(fraction(secs % 60 * 1_000_000_000L + nanos % 1_000_000_000L, 9)).append('s');
    return sb.toString();
  }

  /** {@code value / 10^digits} with the remainder as a decimal fraction, trailing zeros dropped. */
  private static String fraction(long value, int digits) {
    long scale = 1;
    for (int i = 0; i < digits; i++) {
      scale *= 10;
    }
    long whole = value / scale;
    long rest = value % scale;
    if (rest == 0) {
      return Long.toString(whole);
    }
    String frac = Long.toString(rest + scale).substring(1); // zero-padded to `digits`
    int end = frac.length();
    while (frac.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + frac.substring(0, end);
  }
}
