package io.otelcol4j.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Events;
import io.otelcol4j.component.FakeExporterFactory;
import io.otelcol4j.component.FakeProcessorFactory;
import io.otelcol4j.component.FakeReceiverFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Own metrics served on /metrics (the collector's :8888), here on an ephemeral loopback port. */
class OwnMetricsTest {
  private final Events events = new Events();
  private final FakeReceiverFactory receivers = new FakeReceiverFactory(events);

  private static final String YAML = """
      receivers: {fake_receiver: , fake_receiver/refused: }
      processors: {fake_processor: }
      exporters: {fake_exporter: , fake_exporter/full: }
      service:
        pipelines:
          traces:
            receivers: [fake_receiver]
            processors: [fake_processor]
            exporters: [fake_exporter]
          traces/full:
            receivers: [fake_receiver/refused]
            exporters: [fake_exporter/full]
      """;

  private Collector collector(String address) {
    return Collector.builder()
        .registry(ComponentRegistry.of(receivers, new FakeProcessorFactory(events), new FakeExporterFactory(events)))
        .configYaml("metrics.yaml", YAML)
        .env(Map.of())
        .metricsAddress(address)
        .logSink((time, level, message, fields, error) -> {})
        .build();
  }

  static String scrape(InetSocketAddress a) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(200);
    return resp.body();
  }

  private static List<String> samples(String body, String name) {
    return Arrays.stream(body.split("\n")).filter(l -> l.startsWith(name)).toList();
  }

  @Test
  void receiverCountersAreServedOnAnEphemeralLoopbackPort() throws Exception {
    events.failConsume("exporter fake_exporter/full");
    try (Collector c = collector("127.0.0.1:0")) {
      c.start();
      assertThat(c.metricsAddresses()).singleElement().satisfies(a -> assertThat(a.getPort()).isPositive());
      receivers.receiver("fake_receiver").push(GraphTest.spans(3));
      receivers.receiver("fake_receiver").push(GraphTest.spans(2));
      assertThatThrownBy(() -> receivers.receiver("fake_receiver/refused").push(GraphTest.spans(4)))
          .hasMessage("queue of fake_exporter/full is full");

      String body = scrape(c.metricsAddresses().get(0));
      assertThat(samples(body, "otelcol_receiver_")).containsExactly(
          "otelcol_receiver_accepted_spans_total{receiver=\"fake_receiver\"} 5.0",
          "otelcol_receiver_refused_spans_total{receiver=\"fake_receiver/refused\"} 4.0");
      assertThat(samples(body, "otelcol_processor_")).containsExactly(
          "otelcol_processor_incoming_items_total{otel_signal=\"traces\",processor=\"fake_processor\"} 5.0",
          "otelcol_processor_outgoing_items_total{otel_signal=\"traces\",processor=\"fake_processor\"} 5.0");
    }
  }

  @Test
  void theConfiguredAddressIsUsedWithoutAnOverride() throws Exception {
    String yaml = YAML + "  telemetry: {metrics: {address: \"127.0.0.1:0\"}}\n";
    try (Collector c = Collector.builder().registry(ComponentRegistry.of(receivers, new FakeProcessorFactory(events),
            new FakeExporterFactory(events))).configYaml("metrics.yaml", yaml).env(Map.of())
        .logSink((time, level, message, fields, error) -> {}).build()) {
      c.start();
      assertThat(c.metricsAddresses()).singleElement().satisfies(a -> assertThat(a.getHostString()).isEqualTo("127.0.0.1"));
      receivers.receiver("fake_receiver").push(GraphTest.spans(1));
      assertThat(scrape(c.metricsAddresses().get(0)))
          .contains("otelcol_receiver_accepted_spans_total{receiver=\"fake_receiver\"} 1.0");
    }
  }

  @Test
  void anEmptyAddressOverrideServesNothing() throws Exception {
    try (Collector c = collector("")) {
      c.start();
      assertThat(c.awaitHealthy(Duration.ofSeconds(5))).isTrue();
      assertThat(c.metricsAddresses()).isEmpty();
    }
  }
}
