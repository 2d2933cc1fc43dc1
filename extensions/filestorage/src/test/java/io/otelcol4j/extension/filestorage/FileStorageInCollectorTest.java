package io.otelcol4j.extension.filestorage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import io.otelcol4j.service.Collector;
import io.otelcol4j.storage.StorageClient;
import io.otelcol4j.storage.StorageExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension inside real {@link Collector}s: an exporter finds it through the host, and two
 * collectors configured with the same directory conflict at start.
 */
class FileStorageInCollectorTest {
  @TempDir Path dir;

  /** What each started exporter read under "count" before writing its own value. */
  private final CopyOnWriteArrayList<String> seen = new CopyOnWriteArrayList<>();

  @Test
  void anExporterPersistsThroughTheExtensionAndASecondCollectorOnTheSameDirectoryFailsToStart() throws Exception {
    try (Collector first = collector()) {
      first.start();
      assertThat(first.awaitHealthy(Duration.ofSeconds(10))).isTrue();

      Collector second = collector();
      Path instanceDir = dir.toAbsolutePath().normalize().resolve("file_storage~002Fqueue");
      assertThatThrownBy(second::start)
          .hasMessage("cannot start extension \"file_storage/queue\": directory " + instanceDir
              + " is in use by another collector (lock held on " + instanceDir.resolve(".lock") + ")");
      second.close();
    }

    try (Collector third = collector()) {
      third.start();
      assertThat(third.awaitHealthy(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(seen).containsExactly("none", "first");
  }

  private Collector collector() {
    String yaml = String.join("\n",
        "extensions:",
        "  file_storage/queue:",
        "    directory: " + dir.toAbsolutePath(),
        "    timeout: 0s",
        "receivers:",
        "  nop:",
        "exporters:",
        "  nop:",
        "service:",
        "  extensions: [file_storage/queue]",
        "  pipelines:",
        "    traces:",
        "      receivers: [nop]",
        "      exporters: [nop]",
        "");
    return Collector.builder()
        .registry(ComponentRegistry.of(new FileStorageExtensionFactory(), new NopReceiverFactory(), new StoringExporterFactory()))
        .configYaml("inline.yaml", yaml)
        .metricsAddress("")
        .logSink((time, level, message, fields, error) -> {})
        .build();
  }

  record NopConfig() implements ComponentConfig {}

  static final class NopReceiverFactory implements ReceiverFactory<NopConfig> {
    @Override
    public String type() {
      return "nop";
    }

    @Override
    public Class<NopConfig> configClass() {
      return NopConfig.class;
    }

    @Override
    public NopConfig parseConfig(ConfigNode node) {
      return new NopConfig();
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return Map.of(Signal.TRACES, StabilityLevel.DEVELOPMENT);
    }

    @Override
    public Component createTraces(ComponentSettings settings, NopConfig config, TracesConsumer next) {
      return new Component() {};
    }
  }

  /** An exporter that, at start, opens its storage through the host, reads "count" and writes "first". */
  final class StoringExporterFactory implements ExporterFactory<NopConfig> {
    @Override
    public String type() {
      return "nop";
    }

    @Override
    public Class<NopConfig> configClass() {
      return NopConfig.class;
    }

    @Override
    public NopConfig parseConfig(ConfigNode node) {
      return new NopConfig();
    }

    @Override
    public Map<Signal, StabilityLevel> signals() {
      return Map.of(Signal.TRACES, StabilityLevel.DEVELOPMENT);
    }

    @Override
    public Exporter<TracesBatch> createTraces(ComponentSettings settings, NopConfig config) {
      return new Exporter<>() {
        private @Nullable StorageClient client;

        @Override
        public void start(Host host) throws IOException {
          StorageExtension storage = host.extension(ComponentId.parse("file_storage/queue"), StorageExtension.class)
              .orElseThrow(() -> new IllegalStateException("no file_storage/queue"));
          StorageClient c = storage.client(settings.kind(), settings.id(), "traces");
          byte[] before = c.get("count");
          seen.add(before == null ? "none" : new String(before, UTF_8));
          c.set("count", "first".getBytes(UTF_8));
          client = c;
        }

        @Override
        public void consume(Context context, TracesBatch batch) {}

        @Override
        public void shutdown(Duration deadline) throws IOException {
          if (client != null) {
            client.close();
          }
        }
      };
    }
  }
}
