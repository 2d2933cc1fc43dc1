package io.otelcol4j.exporterhelper;

import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StatusReporter;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.storage.FileStorage;
import io.otelcol4j.telemetry.Logger;
import io.opentelemetry.api.metrics.MeterProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link PersistentQueueCrashIT}: an exporter with a persistent queue in a
 * {@link FileStorage} directory, posting OTLP protobuf to the test's HTTP sink.
 *
 * <p>Arguments: {@code produce|drain <dir> <sink port> <count>}. In produce mode it consumes
 * {@code count} one-span batches ({@code seq} 0..count-1) and prints {@code ACK <seq>} after each
 * {@code consume} returned; in drain mode it only replays the queue. It then waits to be killed
 * (at most a minute, so no orphan outlives the test for long).
 */
public final class PersistentQueueCrashChild {
  private PersistentQueueCrashChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path dir = Path.of(args[1]);
    int port = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/v1/traces");
    Pusher<TracesBatch> pusher = (batch, timeout) -> {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/x-protobuf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(batch.toByteArray()));
      if (!timeout.isZero()) {
        request.timeout(timeout);
      }
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 503) {
        throw new RetryableConsumeException("HTTP 503");
      }
      if (status != 200) {
        throw new PermanentConsumeException("HTTP " + status);
      }
    };
    ExporterHelperConfig config = new ExporterHelperConfig(
        new TimeoutConfig(Duration.ofSeconds(5)),
        new RetryConfig(true, Duration.ofMillis(10), 0.5, 1.5, Duration.ofMillis(100), Duration.ZERO),
        new QueueConfig(true, 2, 100_000, Sizer.REQUESTS, false, false, ComponentId.parse("file_storage/crash"), null));
    ComponentSettings settings = new ComponentSettings(ComponentId.parse("otlphttp/crash"), Kind.EXPORTER,
        Logger.stderr().withLevel(Logger.Level.WARN), MeterProvider.noop(), BuildInfo.current(), StatusReporter.NOOP);

    FileStorage storage = FileStorage.open(dir, true);
    Exporter<TracesBatch> exporter = ExporterHelper.create(settings, Signal.TRACES, config, pusher, BatchCodec.TRACES,
        new Component() {});
    exporter.start(new TestSupport.TestHost().with(ComponentId.parse("file_storage/crash"), new TestSupport.StorageExt(storage)));
    System.out.println("STARTED");
    System.out.flush();
    if (mode.equals("produce")) {
      for (int i = 0; i < count; i++) {
        exporter.consume(Context.EMPTY, Batches.traces(i, 1));
        System.out.println("ACK " + i);
        System.out.flush();
      }
      System.out.println("DONE");
      System.out.flush();
    }
    Thread.sleep(60_000);
  }
}
