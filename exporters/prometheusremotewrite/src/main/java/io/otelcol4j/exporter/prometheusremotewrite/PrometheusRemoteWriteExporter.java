package io.otelcol4j.exporter.prometheusremotewrite;

import io.airlift.compress.snappy.SnappyCompressor;
import io.otelcol4j.auth.HttpClientAuthenticator;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.exporterhelper.BatchCodec;
import io.otelcol4j.exporterhelper.ExporterHelper;
import io.otelcol4j.exporterhelper.ExporterHelperConfig;
import io.otelcol4j.exporterhelper.Pusher;
import io.otelcol4j.exporterhelper.QueueConfig;
import io.otelcol4j.exporterhelper.Sizer;
import io.otelcol4j.exporterhelper.TimeoutConfig;
import io.otelcol4j.telemetry.ComponentMetrics;
import io.otelcol4j.telemetry.ComponentMetrics.BoundCounter;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The exporter's send: translate, shard, split, compress, sign, POST. Wrapped by the exporter
 * helper, which owns the queue (one consumer, so batches leave in order; optionally persistent),
 * retries and per-attempt timeout.
 *
 * <p>Series are spread over {@code num_consumers} shards by a hash of their metric name, job and instance
 * ({@link RemoteWrite.Series#shardKey}), so a series
 * always goes through the same shard and its samples stay in order; shards send in parallel and
 * each splits its series into requests of at most {@code max_batch_size_bytes} (uncompressed).
 * A failed batch is retried whole: shards that succeeded are sent again, which Prometheus accepts
 * (identical samples are not duplicates).
 */
final class PrometheusRemoteWriteExporter implements Component, Pusher<MetricsBatch> {
  private static final int MAX_LOGGED_BODY = 256;

  private final ComponentSettings settings;
  private final PrometheusRemoteWriteExporterConfig config;
  private final Logger logger;
  private final URI endpoint;
  private final Translator.Options options;
  private final Map<String, String> baseHeaders;
  private final BoundCounter failedTranslations;
  private final BoundCounter translatedSeries;
  private final BoundCounter sentBatches;
  private volatile @Nullable HttpClient client;
  private volatile @Nullable HttpClientAuthenticator authenticator;
  private volatile @Nullable ExecutorService shards;
  /** Per thread (the queue consumer, or callers without a queue): translation state and caches. */
  private final ThreadLocal<Translator> translators;
  /** Per thread (callers and shard threads): request buffers and compressor. */
  private final ThreadLocal<RequestWriter> writers = ThreadLocal.withInitial(RequestWriter::new);

  private PrometheusRemoteWriteExporter(ComponentSettings settings, PrometheusRemoteWriteExporterConfig config) {
    this.settings = settings;
    this.config = config;
    this.logger = settings.logger();
    this.endpoint = URI.create(config.endpoint());
    this.options = Translator.Options.of(config);
    Translator.Options o = options;
    this.translators = ThreadLocal.withInitial(() -> new Translator(o));
    Map<String, String> h = new LinkedHashMap<>(config.headers());
    h.put("Content-Encoding", "snappy");
    h.put("Content-Type", "application/x-protobuf");
    h.put("X-Prometheus-Remote-Write-Version", "0.1.0");
    h.put("User-Agent", "otelcol4j/" + settings.buildInfo().version());
    this.baseHeaders = Map.copyOf(h);
    var p = settings.meterProvider();
    ComponentId id = settings.id();
    failedTranslations = ComponentMetrics.counter(p, "otelcol_exporter_prometheusremotewrite_failed_translations",
        Kind.EXPORTER, id, Signal.METRICS, "Number of metric points that could not be translated and were dropped.");
    translatedSeries = ComponentMetrics.counter(p, "otelcol_exporter_prometheusremotewrite_translated_time_series",
        Kind.EXPORTER, id, Signal.METRICS, "Number of Prometheus time series translated from OTLP.");
    sentBatches = ComponentMetrics.counter(p, "otelcol_exporter_prometheusremotewrite_sent_batches",
        Kind.EXPORTER, id, Signal.METRICS, "Number of remote-write requests accepted by the endpoint.");
  }

  /** The exporter: this push inside the exporter helper. */
  static Exporter<MetricsBatch> create(ComponentSettings settings, PrometheusRemoteWriteExporterConfig config) {
    PrometheusRemoteWriteExporter prw = new PrometheusRemoteWriteExporter(settings, config);
    var q = config.remoteWriteQueue();
    // One queue consumer keeps batches in order; parallelism comes from the shards.
    String wal = config.walDirectory();
    ComponentId storage = wal != null ? WalQueue.STORAGE_ID : config.queueStorage();
    QueueConfig queue = q.enabled()
        ? new QueueConfig(true, 1, q.queueSize(), Sizer.REQUESTS, false, false, storage, null)
        : QueueConfig.disabled();
    ExporterHelperConfig helper = new ExporterHelperConfig(new TimeoutConfig(config.timeout()), config.retry(), queue);
    Exporter<MetricsBatch> exporter = ExporterHelper.create(settings, Signal.METRICS, helper, prw, BatchCodec.METRICS, prw);
    return wal != null && q.enabled() ? new WalQueue(settings, wal, exporter) : exporter;
  }

  @Override
  public void start(Host host) throws Exception {
    ComponentId authId = config.authenticator();
    if (authId != null) {
      authenticator = host.extension(authId, HttpClientAuthenticator.class).orElseThrow(() -> new IllegalStateException(
          "exporter \"" + settings.id() + "\": auth.authenticator references \"" + authId
              + "\", which is not a started HTTP client authenticator (expected: an extension such as sigv4auth listed in service.extensions)"));
    }
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.timeout().isZero() ? Duration.ofSeconds(30) : config.timeout());
    if (config.tls() != null) {
      b.sslContext(ClientTls.context(config.tls())).sslParameters(ClientTls.parameters(config.tls()));
    }
    client = b.build();
    int n = config.remoteWriteQueue().numConsumers();
    AtomicInteger seq = new AtomicInteger();
    shards = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "prw-shard-" + settings.id() + "-" + seq.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void shutdown(Duration deadline) throws InterruptedException {
    ExecutorService s = shards;
    if (s != null) {
      s.shutdown();
      if (!s.awaitTermination(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS)) {
        s.shutdownNow();
      }
    }
  }

  @Override
  public void push(MetricsBatch batch, Duration timeout) throws Exception {
    HttpClient c = client;
    ExecutorService pool = shards;
    if (c == null || pool == null) {
      throw new RetryableConsumeException("exporter is not started");
    }
    Translator.Result r = translators.get().translate(batch);
    if (r.droppedPoints() > 0) {
      failedTranslations.add(r.droppedPoints());
      logger.warn("Dropped metric points that cannot be translated", "dropped_points", r.droppedPoints(),
          "reason", r.firstDropReason());
    }
    translatedSeries.add(r.series().size());
    int n = config.remoteWriteQueue().numConsumers();
    List<List<RemoteWrite.Series>> perShard = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      perShard.add(new ArrayList<>());
    }
    for (RemoteWrite.Series ts : r.series()) {
      perShard.get((int) Math.floorMod(ts.shardKey(), (long) n)).add(ts);
    }
    List<ShardWork> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<RemoteWrite.MetricMetadata> metadata = i == 0 ? r.metadata() : List.of();
      if (!perShard.get(i).isEmpty() || !metadata.isEmpty()) {
        requests.add(new ShardWork(perShard.get(i), metadata));
      }
    }
    if (requests.isEmpty()) {
      return;
    }
    if (requests.size() == 1) {
      sendShard(c, requests.get(0), timeout);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(requests.size());
    for (ShardWork work : requests) {
      futures.add(pool.submit(() -> {
        sendShard(c, work, timeout);
        return null;
      }));
    }
    Throwable retryable = null;
    Throwable permanent = null;
    Duration retryAfter = null;
    try {
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          Failures.propagateIfFatal(cause);
          if (Failures.isPermanent(cause)) {
            permanent = permanent == null ? cause : permanent;
          } else {
            retryable = retryable == null ? cause : retryable;
            Duration ra = Failures.retryAfter(cause);
            if (ra != null && (retryAfter == null || ra.compareTo(retryAfter) > 0)) {
              retryAfter = ra;
            }
          }
        }
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw e;
    }
    if (retryable != null) {
      throw new RetryableConsumeException(message(retryable), retryAfter, retryable);
    }
    if (permanent != null) {
      throw new PermanentConsumeException(message(permanent), permanent);
    }
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** One shard's part of a batch: its series, and the metadata when it is the first shard. */
  private record ShardWork(List<RemoteWrite.Series> series, List<RemoteWrite.MetricMetadata> metadata) {}

  /**
   * Sends a shard's series in requests of at most {@code max_batch_size_bytes} (a single larger
   * series is sent alone), sorted by labels so that similar series are adjacent and compress
   * well; then its metadata. Encodes and compresses into this thread's reusable buffers.
   */
  private void sendShard(HttpClient c, ShardWork work, Duration timeout) throws IOException, InterruptedException {
    List<RemoteWrite.Series> series = work.series();
    series.sort(RemoteWrite.BY_LABELS);
    RequestWriter w = writers.get();
    try {
      long max = config.maxBatchSizeBytes();
      int i = 0;
      while (i < series.size()) {
        long size = 0;
        int j = i;
        while (j < series.size()) {
          int f = RemoteWrite.fieldSize(series.get(j));
          if (j > i && size + f > max) {
            break;
          }
          size += f;
          j++;
        }
        send(c, w.series(series, i, j, Math.toIntExact(size)), timeout);
        i = j;
      }
      if (!work.metadata().isEmpty()) {
        List<byte[]> metadata = new ArrayList<>(work.metadata().size());
        for (RemoteWrite.MetricMetadata m : work.metadata()) {
          metadata.add(RemoteWrite.encode(m));
        }
        for (byte[] body : split(List.of(), metadata, max)) {
          send(c, w.compress(body, body.length), timeout);
        }
      }
    } finally {
      w.trim();
    }
  }

  /** WriteRequests of at most {@code max} bytes; a single larger series is sent alone. */
  static List<byte[]> split(List<byte[]> series, List<byte[]> metadata, long max) {
    List<byte[]> out = new ArrayList<>();
    List<byte[]> cur = new ArrayList<>();
    long size = 0;
    for (byte[] s : series) {
      int f = RemoteWrite.fieldSize(s.length);
      if (!cur.isEmpty() && size + f > max) {
        out.add(RemoteWrite.writeRequest(cur, List.of()));
        cur = new ArrayList<>();
        size = 0;
      }
      cur.add(s);
      size += f;
    }
    if (!cur.isEmpty()) {
      out.add(RemoteWrite.writeRequest(cur, List.of()));
    }
    cur = new ArrayList<>();
    size = 0;
    for (byte[] m : metadata) {
      int f = RemoteWrite.fieldSize(m.length);
      if (!cur.isEmpty() && size + f > max) {
        out.add(RemoteWrite.writeRequest(List.of(), cur));
        cur = new ArrayList<>();
        size = 0;
      }
      cur.add(m);
      size += f;
    }
    if (!cur.isEmpty()) {
      out.add(RemoteWrite.writeRequest(List.of(), cur));
    }
    return out;
  }

  /**
   * A thread's request buffers and snappy compressor, reused from request to request (a
   * compressor holds a 32 KiB table; a request body is up to {@code max_batch_size_bytes}).
   * Buffers above {@link #RETAINED} bytes are let go after use.
   */
  static final class RequestWriter {
    static final int RETAINED = 4 << 20;
    private static final byte[] NONE = new byte[0];
    private final SnappyCompressor snappy = new SnappyCompressor();
    private byte[] body = NONE;
    private byte[] compressed = NONE;

    /** The snappy-compressed WriteRequest of {@code series[from, to)}, whose field sizes add up to {@code size}. */
    byte[] series(List<RemoteWrite.Series> series, int from, int to, int size) {
      if (body.length < size) {
        body = new byte[Math.max(size, Math.min(RETAINED, body.length * 2))];
      }
      RemoteWrite.writeRequest(series, from, to, body, size);
      return compress(body, size);
    }

    /** {@code in[0, length)} snappy-compressed (block format), in an array of its own. */
    byte[] compress(byte[] in, int length) {
      int max = snappy.maxCompressedLength(length);
      if (compressed.length < max) {
        compressed = new byte[max];
      }
      int n = snappy.compress(in, 0, length, compressed, 0, compressed.length);
      return Arrays.copyOf(compressed, n);
    }

    void trim() {
      if (body.length > RETAINED) {
        body = NONE;
      }
      if (compressed.length > RETAINED) {
        compressed = NONE;
      }
    }

    int retainedBytes() {
      return body.length + compressed.length;
    }
  }

  private void send(HttpClient c, byte[] compressed, Duration timeout) throws IOException, InterruptedException {
    Map<String, String> headers = baseHeaders;
    HttpClientAuthenticator auth = authenticator;
    if (auth != null) {
      Map<String, String> signed = auth.sign("POST", endpoint, headers, compressed);
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.putAll(signed);
      headers = all;
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(compressed));
    if (!timeout.isZero()) {
      b.timeout(timeout);
    }
    headers.forEach(b::setHeader);
    HttpResponse<InputStream> resp = c.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    int status = resp.statusCode();
    String text;
    try (InputStream in = resp.body()) {
      byte[] head = in.readNBytes(MAX_LOGGED_BODY + 1);
      text = head.length > MAX_LOGGED_BODY
          ? new String(Arrays.copyOf(head, MAX_LOGGED_BODY), StandardCharsets.UTF_8) + "…"
          : new String(head, StandardCharsets.UTF_8);
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    if (status / 100 == 2) {
      sentBatches.add(1);
      return;
    }
    String msg = "remote write to " + endpoint + " returned HTTP status " + status + "; body: " + text.strip();
    if (status / 100 == 5 || status == 429) {
      throw new RetryableConsumeException(msg, retryAfter(resp.headers().firstValue("Retry-After").orElse(null)), null);
    }
    throw new PermanentConsumeException(msg);
  }

  /** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. */
  static @Nullable Duration retryAfter(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long s = Long.parseLong(v);
      return s < 0 ? null : Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      try {
        Duration d = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
