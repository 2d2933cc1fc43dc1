package io.otelcol4j.extension.healthcheck;

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
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The extension inside a real {@link Collector}: the collector's own state drives the answer. */
class HealthCheckInCollectorTest {
  private static final String CONFIG = String.join("\n",
      "extensions:",
      "  health_check:",
      "    endpoint: 127.0.0.1:0",
      "    path: /health/status",
      "receivers:",
      "  nop:",
      "exporters:",
      "  nop:",
      "service:",
      "  extensions: [health_check]",
      "  pipelines:",
      "    traces:",
      "      receivers: [nop]",
      "      exporters: [nop]",
      "");

  private final AtomicReference<Host> exporterHost = new AtomicReference<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void availableWhileTheCollectorRunsAndGoneAfterShutdown() throws Exception {
    Collector collector = Collector.builder()
        .registry(ComponentRegistry.of(new HealthCheckExtensionFactory(), new NopReceiverFactory(), new NopExporterFactory()))
        .configYaml("inline.yaml", CONFIG)
        .metricsAddress("")
        .logSink((time, level, message, fields, error) -> {})
        .build();
    try (collector) {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(10))).isTrue();
      HealthCheckExtension ext = (HealthCheckExtension) exporterHost.get().extensions().get(ComponentId.of("health_check"));
      URI uri = URI.create("http://127.0.0.1:" + ext.address().getPort() + "/health/status");

      HttpResponse<String> running = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(running.statusCode()).isEqualTo(200);
      assertThat(running.body()).startsWith("{\"status\":\"Server available\",\"upSince\":\"");

      assertThat(collector.shutdown()).isEmpty();
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class);
    }
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

  /** An exporter that keeps the host it was started with, to find the extension's bound port. */
  final class NopExporterFactory implements ExporterFactory<NopConfig> {
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
        @Override
        public void start(Host host) {
          exporterHost.set(host);
        }

        @Override
        public void consume(Context context, TracesBatch batch) {}
      };
    }
  }
}
