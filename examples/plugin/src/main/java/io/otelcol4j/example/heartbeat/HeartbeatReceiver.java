package io.otelcol4j.example.heartbeat;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.config.Scalars;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.telemetry.Logger;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Emits one log record per interval: body {@code message}, attribute {@code heartbeat.seq}
 * (0, 1, 2, …) and resource attribute {@code host.name}. Usable without YAML:
 * {@code new HeartbeatReceiver(settings, config, next, "my-host")}.
 */
final class HeartbeatReceiver implements Component {
  private static final String SCOPE_NAME = "io.otelcol4j.example.heartbeat";

  private final Logger logger;
  private final HeartbeatReceiverConfig config;
  private final LogsConsumer next;
  private final Resource resource;
  private final Clock clock;
  private final ComponentSettings settings;
  private @Nullable ScheduledExecutorService executor;
  private long seq;
  private long failures;
  private boolean failing;

  HeartbeatReceiver(ComponentSettings settings, HeartbeatReceiverConfig config, LogsConsumer next, String hostName) {
    this(settings, config, next, hostName, Clock.systemUTC());
  }

  HeartbeatReceiver(ComponentSettings settings, HeartbeatReceiverConfig config, LogsConsumer next, String hostName,
      Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.logger = settings.logger();
    this.config = requireNonNull(config, "config");
    this.next = requireNonNull(next, "next");
    this.clock = requireNonNull(clock, "clock");
    this.resource = Resource.newBuilder().addAttributes(attribute("host.name", hostName)).build();
  }

  /** The collector's host name, as the OS reports it; "localhost" when it cannot be resolved. */
  static String localHostName() {
    String env = System.getenv("HOSTNAME");
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return env != null && !env.isEmpty() ? env : "localhost";
    }
  }

  @Override
  public synchronized void start(Host host) {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "otelcol4j-heartbeat-" + settings.id());
      t.setDaemon(true);
      return t;
    });
    long periodNanos = config.interval().toNanos();
    ex.scheduleAtFixedRate(this::beat, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    executor = ex;
    logger.info("Heartbeat receiver started", "interval", Scalars.formatDuration(config.interval()));
  }

  /** Emits one heartbeat; never throws, so the schedule keeps running. */
  void beat() {
    try {
      next.consume(Context.EMPTY, batch(seq, clock.instant()));
      seq++;
      if (failing) {
        failing = false;
        settings.status().report(StatusRegistry.Status.OK, null);
      }
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      failures++;
      failing = true;
      settings.status().report(StatusRegistry.Status.RECOVERABLE_ERROR, String.valueOf(t.getMessage()));
      logger.warn("Heartbeat not accepted by the pipeline", t, "seq", seq, "failures", failures);
    }
  }

  LogsBatch batch(long sequence, Instant now) {
    long nanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    LogRecord record = LogRecord.newBuilder()
        .setTimeUnixNano(nanos)
        .setObservedTimeUnixNano(nanos)
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
        .setSeverityText("INFO")
        .setBody(AnyValue.newBuilder().setStringValue(config.message()))
        .addAttributes(KeyValue.newBuilder().setKey("heartbeat.seq").setValue(AnyValue.newBuilder().setIntValue(sequence)))
        .build();
    ScopeLogs.Builder scope = ScopeLogs.newBuilder().addLogRecords(record);
    scope.getScopeBuilder().setName(SCOPE_NAME);
    return LogsBatch.of(List.of(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scope).build()));
  }

  @Override
  public synchronized void shutdown(Duration deadline) throws InterruptedException {
    ScheduledExecutorService ex = executor;
    if (ex == null) {
      return;
    }
    executor = null;
    ex.shutdownNow();
    if (!ex.awaitTermination(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS)) {
      logger.warn("Heartbeat thread did not stop within the deadline", "deadline", deadline.toString());
    }
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }
}
