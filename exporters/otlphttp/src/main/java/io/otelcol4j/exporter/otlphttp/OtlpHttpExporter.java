package io.otelcol4j.exporter.otlphttp;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.otelcol4j.tls.PemTls;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.otlp.OtlpJson;
import io.otelcol4j.telemetry.Logger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * One OTLP/HTTP client, shared by the traces, metrics and logs exporters of one exporter id: a JDK
 * {@link HttpClient} (HTTP/1.1, its own connection pool) opened by the first start and dropped
 * when the last signal's exporter shuts down. On JDK 17 the client has no {@code close()}; its
 * threads end once it is unreachable and idle.
 *
 * <p>Responses are mapped as the OTLP/HTTP specification says: 2xx is success (a partial success
 * in the body is logged); 429, 502, 503 and 504 are retryable, honouring {@code Retry-After}
 * (seconds or an HTTP date); every other status is permanent. Connection failures and timeouts
 * are retryable.
 */
final class OtlpHttpExporter {
  /** The most of a response body read; OTLP responses are small. */
  private static final int MAX_BODY = 1 << 20;

  /** The most of an error body quoted in a failure message. */
  static final int MAX_EXCERPT = 256;

  private final OtlpHttpExporterConfig config;
  private final Logger logger;
  private final String userAgent;
  private final Runnable onClose;
  private final Clock clock;
  private int references;
  private boolean closed;
  private volatile @Nullable HttpClient client;

  OtlpHttpExporter(ComponentSettings settings, OtlpHttpExporterConfig config, Runnable onClose, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.logger = settings.logger();
    this.userAgent = "otelcol4j/" + settings.buildInfo().version();
    this.onClose = requireNonNull(onClose, "onClose");
    this.clock = requireNonNull(clock, "clock");
  }

  OtlpHttpExporterConfig config() {
    return config;
  }

  /** Takes a reference; false when this client is already closed. */
  synchronized boolean acquire() {
    if (closed) {
      return false;
    }
    references++;
    return true;
  }

  /** A start/shutdown pair for one signal's exporter helper: opens the client, releases a reference. */
  Component lifecycle() {
    return new Component() {
      @Override
      public void start(Host host) throws Exception {
        open();
      }

      @Override
      public void shutdown(Duration deadline) {
        release();
      }
    };
  }

  private synchronized void open() throws IOException {
    if (client != null) {
      return;
    }
    // Restricted names (host, connection, ...) are refused here, at start, not on every send.
    HttpRequest.Builder probe = HttpRequest.newBuilder();
    try {
      config.headers().forEach(probe::header);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("headers: " + e.getMessage() + " (expected: headers the HTTP client may set)", e);
    }
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (!config.helper().timeout().timeout().isZero()) {
      b.connectTimeout(config.helper().timeout().timeout());
    }
    if (usesTls()) {
      b.sslContext(PemTls.clientContext(config.tls().caFile(), config.tls().certFile(), config.tls().keyFile(),
          config.tls().insecureSkipVerify()));
      if (!config.tls().serverNameOverride().isEmpty()) {
        SSLParameters p = new SSLParameters();
        p.setServerNames(List.of(new SNIHostName(config.tls().serverNameOverride())));
        b.sslParameters(p);
      }
    }
    client = b.build();
  }

  private boolean usesTls() {
    for (Signal s : Signal.values()) {
      URI u = config.url(s);
      if (u != null && "https".equalsIgnoreCase(u.getScheme())) {
        return true;
      }
    }
    return false;
  }

  private void release() {
    synchronized (this) {
      if (closed || --references > 0) {
        return;
      }
      closed = true;
      client = null;
    }
    onClose.run();
  }

  void exportTraces(TracesBatch batch, Duration timeout) {
    send(Signal.TRACES, batch, timeout, ExportTraceServiceResponse.newBuilder());
  }

  void exportMetrics(MetricsBatch batch, Duration timeout) {
    send(Signal.METRICS, batch, timeout, ExportMetricsServiceResponse.newBuilder());
  }

  void exportLogs(LogsBatch batch, Duration timeout) {
    send(Signal.LOGS, batch, timeout, ExportLogsServiceResponse.newBuilder());
  }

  private void send(Signal signal, Batch<?> batch, Duration timeout, Message.Builder response) {
    HttpClient c = client;
    if (c == null) {
      throw new RetryableConsumeException(closed ? "exporter is shut down" : "exporter is not started");
    }
    URI url = requireNonNull(config.url(signal), "url");
    HttpRequest.Builder rb = HttpRequest.newBuilder(url)
        .header("Content-Type", config.encoding().contentType())
        .header("User-Agent", userAgent)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body(batch)));
    if (config.gzip()) {
      rb.header("Content-Encoding", "gzip");
    }
    config.headers().forEach(rb::header);
    if (!timeout.isZero()) {
      rb.timeout(timeout);
    }
    HttpResponse<InputStream> r;
    byte[] body;
    try {
      r = c.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        body = in.readNBytes(MAX_BODY);
      }
    } catch (IOException e) {
      throw new RetryableConsumeException("failed to make an HTTP request to " + url + ": " + describe(e), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableConsumeException("interrupted while sending to " + url, null, e);
    }
    int status = r.statusCode();
    if (status >= 200 && status <= 299) {
      partialSuccess(signal, body, response);
      return;
    }
    String message = "error exporting items, request to " + url + " responded with HTTP Status Code " + status
        + errorDetail(r, body);
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      Duration retryAfter = retryAfter(r.headers().firstValue("Retry-After").orElse(null), clock);
      throw new RetryableConsumeException(message, retryAfter, null);
    }
    throw new PermanentConsumeException(message);
  }

  private byte[] body(Batch<?> batch) {
    byte[] raw;
    if (config.encoding() == OtlpHttpExporterConfig.Encoding.JSON) {
      raw = json(batch).getBytes(StandardCharsets.UTF_8);
    } else {
      raw = batch.toByteArray();
    }
    if (!config.gzip()) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new IllegalStateException("gzip to memory failed", e);
    }
    return out.toByteArray();
  }

  private static String json(Batch<?> batch) {
    if (batch instanceof TracesBatch) {
      return OtlpJson.toJson((TracesBatch) batch);
    }
    if (batch instanceof MetricsBatch) {
      return OtlpJson.toJson((MetricsBatch) batch);
    }
    return OtlpJson.toJson((LogsBatch) batch);
  }

  /**
   * Logs a partial success once per batch. As upstream, the items still count as sent. A body that
   * does not parse is ignored (upstream fails the send, which would resend accepted data).
   */
  private void partialSuccess(Signal signal, byte[] body, Message.Builder response) {
    if (body.length == 0) {
      return;
    }
    try {
      if (config.encoding() == OtlpHttpExporterConfig.Encoding.JSON) {
        OtlpJson.merge(new String(body, StandardCharsets.UTF_8), response);
      } else {
        response.mergeFrom(body);
      }
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      logger.debug("Ignoring an unparseable success response body", "signal", signal.configName(), "error", e.getMessage());
      return;
    }
    long rejected;
    String message;
    if (response instanceof ExportTraceServiceResponse.Builder) {
      ExportTraceServiceResponse.Builder t = (ExportTraceServiceResponse.Builder) response;
      rejected = t.getPartialSuccess().getRejectedSpans();
      message = t.getPartialSuccess().getErrorMessage();
    } else if (response instanceof ExportMetricsServiceResponse.Builder) {
      ExportMetricsServiceResponse.Builder m = (ExportMetricsServiceResponse.Builder) response;
      rejected = m.getPartialSuccess().getRejectedDataPoints();
      message = m.getPartialSuccess().getErrorMessage();
    } else {
      ExportLogsServiceResponse.Builder l = (ExportLogsServiceResponse.Builder) response;
      rejected = l.getPartialSuccess().getRejectedLogRecords();
      message = l.getPartialSuccess().getErrorMessage();
    }
    if (rejected != 0 || !message.isEmpty()) {
      logger.warn("Partial success response", "message", message, droppedKey(signal), rejected);
    }
  }

  private static String droppedKey(Signal signal) {
    switch (signal) {
      case TRACES:
        return "dropped_spans";
      case METRICS:
        return "dropped_data_points";
      default:
        return "dropped_log_records";
    }
  }

  /** ", Message=..." from a {@code google.rpc.Status} body, else a bounded excerpt of the body. */
  private static String errorDetail(HttpResponse<?> r, byte[] body) {
    if (body.length == 0) {
      return "";
    }
    String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (type.contains("protobuf")) {
      try {
        com.google.rpc.Status s = com.google.rpc.Status.parseFrom(body);
        return ", Message=" + excerpt(s.getMessage());
      } catch (InvalidProtocolBufferException e) {
        // Not a Status: quote the bytes as text below.
      }
    }
    return ", Body=" + excerpt(new String(body, 0, Math.min(body.length, MAX_EXCERPT * 4), StandardCharsets.UTF_8));
  }

  static String excerpt(String s) {
    String flat = s.replace('\n', ' ').replace('\r', ' ').strip();
    return flat.length() <= MAX_EXCERPT ? flat : flat.substring(0, MAX_EXCERPT) + "...";
  }

  /** A {@code Retry-After} value: delay seconds or an HTTP date; null when absent or unreadable. */
  static @Nullable Duration retryAfter(@Nullable String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      // Not seconds: try a date.
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), at.toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
  }
}
