package io.otelcol4j.receiver.otlp;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.telemetry.Logger;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One OTLP receiver instance: a gRPC server and/or an HTTP server, shared by every signal of one
 * receiver id. Each signal's create call registers its consumer before {@link #start}; a signal
 * with no consumer is not served (gRPC {@code UNIMPLEMENTED}, HTTP 404).
 */
final class OtlpReceiver implements Component {
  private final ComponentSettings settings;
  private final OtlpReceiverConfig config;
  private final Runnable onShutdown;
  private final Logger logger;

  private volatile @Nullable TracesConsumer traces;
  private volatile @Nullable MetricsConsumer metrics;
  private volatile @Nullable LogsConsumer logs;

  private @Nullable GrpcServer grpc;
  private @Nullable HttpServer http;
  private boolean started;
  private boolean stopped;

  /**
   * @param onShutdown run once by the first shutdown, e.g. to forget the shared instance
   */
  OtlpReceiver(ComponentSettings settings, OtlpReceiverConfig config, Runnable onShutdown) {
    this.settings = settings;
    this.config = config;
    this.onShutdown = onShutdown;
    this.logger = settings.logger();
  }

  OtlpReceiverConfig config() {
    return config;
  }

  void registerTraces(TracesConsumer next) {
    traces = next;
  }

  void registerMetrics(MetricsConsumer next) {
    metrics = next;
  }

  void registerLogs(LogsConsumer next) {
    logs = next;
  }

  @Override
  public synchronized void start(Host host) throws Exception {
    if (started || stopped) {
      return;
    }
    started = true;
    Consumers consumers = new Consumers(traces, metrics, logs);
    try {
      if (config.grpc() != null) {
        GrpcServer g = new GrpcServer(settings.id().toString(), config.grpc(), consumers, logger);
        grpc = g;
        g.start();
        logger.info("Starting GRPC server", "endpoint", config.grpc().endpoint(), "port", g.port());
      }
      if (config.http() != null) {
        HttpServer h = new HttpServer(settings.id().toString(), config.http(), consumers, logger);
        http = h;
        h.start();
        logger.info("Starting HTTP server", "endpoint", config.http().endpoint(), "port", h.port());
      }
    } catch (Exception | Error e) {
      stopServers(Duration.ofSeconds(5));
      throw e;
    }
  }

  @Override
  public synchronized void shutdown(Duration deadline) throws Exception {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      stopServers(deadline);
    } finally {
      onShutdown.run();
    }
  }

  private void stopServers(Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    GrpcServer g = grpc;
    HttpServer h = http;
    grpc = null;
    http = null;
    // Stop intake on both before waiting for either to drain.
    if (g != null) {
      g.stopAccepting();
    }
    if (h != null) {
      h.stopAccepting();
    }
    if (g != null) {
      g.awaitStopped(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }
    if (h != null) {
      h.awaitStopped(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }
  }

  /** The bound gRPC port, or -1 when the gRPC server is not running. For tests. */
  synchronized int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  /** The bound HTTP port, or -1 when the HTTP server is not running. For tests. */
  synchronized int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** The consumers registered when the receiver started; null for a signal not served. */
  record Consumers(@Nullable TracesConsumer traces, @Nullable MetricsConsumer metrics, @Nullable LogsConsumer logs) {}
}
