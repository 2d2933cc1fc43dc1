package io.otelcol4j.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Events;
import io.otelcol4j.component.FakeExporterFactory;
import io.otelcol4j.component.FakeExporterFactory.FakeExporter;
import io.otelcol4j.component.FakeExtensionFactory;
import io.otelcol4j.component.FakeProcessorFactory;
import io.otelcol4j.component.FakeReceiverFactory;
import io.otelcol4j.component.FakeReceiverFactory.FakeReceiver;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pipeline graph as built and run by {@link Collector}, with test-only fake components. */
class GraphTest {
  private final Events events = new Events();
  private final FakeReceiverFactory receivers = new FakeReceiverFactory(events);
  private final FakeProcessorFactory processors = new FakeProcessorFactory(events);
  private final FakeExporterFactory exporters = new FakeExporterFactory(events);
  // Every signal, for pipelines fake_exporter (traces and logs only) cannot end.
  private final FakeExporterFactory allExporters =
      new FakeExporterFactory(events, "all_exporter", Set.of(Signal.TRACES, Signal.METRICS, Signal.LOGS));
  private final List<Collector> collectors = new ArrayList<>();

  @AfterEach
  void closeAll() {
    collectors.forEach(Collector::close);
  }

  private Collector collector(String yaml) {
    Collector c = Collector.builder()
        .registry(ComponentRegistry.of(receivers, processors, exporters, allExporters, new FakeExtensionFactory(events)))
        .configYaml("graph.yaml", yaml)
        .env(Map.of())
        .metricsAddress("")
        .logSink((time, level, message, fields, error) -> {})
        .shutdownTimeout(Duration.ofSeconds(5))
        .build();
    collectors.add(c);
    return c;
  }

  private Collector started(String yaml) throws Exception {
    Collector c = collector(yaml);
    c.start();
    assertThat(c.awaitHealthy(Duration.ofSeconds(5))).isTrue();
    return c;
  }

  static TracesBatch spans(int count) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < count; i++) {
      ss.addSpans(Span.newBuilder().setName("span-" + i));
    }
    return TracesBatch.of(List.of(ResourceSpans.newBuilder().addScopeSpans(ss).build()));
  }

  static MetricsBatch points(int count) {
    Gauge.Builder g = Gauge.newBuilder();
    for (int i = 0; i < count; i++) {
      g.addDataPoints(NumberDataPoint.newBuilder().setAsInt(i));
    }
    return MetricsBatch.of(List.of(ResourceMetrics.newBuilder()
        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("g").setGauge(g))).build()));
  }

  @Test
  void fanIn_tworeceiversFeedOnePipeline() throws Exception {
    started("""
        receivers: {fake_receiver/a: , fake_receiver/b: }
        exporters: {fake_exporter: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver/a, fake_receiver/b], exporters: [fake_exporter]}
        """);
    TracesBatch fromA = spans(1);
    TracesBatch fromB = spans(2);
    receivers.receiver("fake_receiver/a").push(fromA);
    receivers.receiver("fake_receiver/b").push(fromB);
    List<?> received = exporters.exporter("fake_exporter", Signal.TRACES).received();
    assertThat(received).hasSize(2);
    assertThat(received.get(0)).isSameAs(fromA);
    assertThat(received.get(1)).isSameAs(fromB);
  }

  @Test
  void fanOut_everyExporterGetsTheSameBatchInstance() throws Exception {
    started("""
        receivers: {fake_receiver: }
        exporters: {fake_exporter/1: , fake_exporter/2: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [fake_exporter/1, fake_exporter/2]}
        """);
    TracesBatch batch = spans(3);
    receivers.receiver("fake_receiver").push(batch);
    assertThat(exporters.exporter("fake_exporter/1", Signal.TRACES).received()).singleElement().isSameAs(batch);
    assertThat(exporters.exporter("fake_exporter/2", Signal.TRACES).received()).singleElement().isSameAs(batch);
  }

  @Test
  void aReceiverInSeveralPipelinesIsCreatedOncePerSignalAndStartedOnce() throws Exception {
    Collector c = started("""
        receivers: {fake_receiver: }
        exporters: {all_exporter/t1: , all_exporter/t2: , all_exporter/m: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [all_exporter/t1]}
            traces/2: {receivers: [fake_receiver], exporters: [all_exporter/t2]}
            metrics: {receivers: [fake_receiver], exporters: [all_exporter/m]}
        """);
    assertThat(receivers.createCalls()).containsExactly("traces fake_receiver", "metrics fake_receiver");
    assertThat(receivers.created()).hasSize(1);
    FakeReceiver r = receivers.created().get(0);
    assertThat(r.starts).hasValue(1);

    TracesBatch t = spans(2);
    MetricsBatch m = points(3);
    r.push(t);
    r.push(m);
    assertThat(allExporters.exporter("all_exporter/t1", Signal.TRACES).received()).singleElement().isSameAs(t);
    assertThat(allExporters.exporter("all_exporter/t2", Signal.TRACES).received()).singleElement().isSameAs(t);
    assertThat(allExporters.exporter("all_exporter/m", Signal.METRICS).received()).singleElement().isSameAs(m);

    assertThat(c.shutdown()).isEmpty();
    assertThat(r.stops).hasValue(1);
  }

  @Test
  void anExporterInSeveralPipelinesIsOneInstancePerSignal() throws Exception {
    started("""
        receivers: {fake_receiver/a: , fake_receiver/b: , fake_receiver/m: }
        exporters: {all_exporter: }
        service:
          pipelines:
            traces/a: {receivers: [fake_receiver/a], exporters: [all_exporter]}
            traces/b: {receivers: [fake_receiver/b], exporters: [all_exporter]}
            metrics: {receivers: [fake_receiver/m], exporters: [all_exporter]}
        """);
    assertThat(allExporters.created()).extracting(e -> e.signal).containsExactly(Signal.TRACES, Signal.METRICS);
    receivers.receiver("fake_receiver/a").push(spans(1));
    receivers.receiver("fake_receiver/b").push(spans(2));
    assertThat(allExporters.exporter("all_exporter", Signal.TRACES).receivedItems()).isEqualTo(3);
    assertThat(events.starting("start exporter"))
        .containsExactly("start exporter all_exporter", "start exporter all_exporter");
  }

  @Test
  void processorsAreOneInstancePerPipelineAndRunInOrder() throws Exception {
    started("""
        receivers: {fake_receiver/a: , fake_receiver/b: }
        processors: {fake_processor/first: , fake_processor/second: }
        exporters: {fake_exporter/a: , fake_exporter/b: }
        service:
          pipelines:
            traces/a:
              receivers: [fake_receiver/a]
              processors: [fake_processor/first, fake_processor/second]
              exporters: [fake_exporter/a]
            traces/b:
              receivers: [fake_receiver/b]
              processors: [fake_processor/second]
              exporters: [fake_exporter/b]
        """);
    assertThat(processors.created()).extracting(p -> p.id.toString())
        .containsExactlyInAnyOrder("fake_processor/first", "fake_processor/second", "fake_processor/second");
    receivers.receiver("fake_receiver/a").push(spans(1));
    receivers.receiver("fake_receiver/b").push(spans(1));
    assertThat(events.list()).filteredOn(e -> e.startsWith("process ") || e.startsWith("export ")).containsExactly(
        "process fake_processor/first traces",
        "process fake_processor/second traces",
        "export fake_exporter/a traces",
        "process fake_processor/second traces",
        "export fake_exporter/b traces");
  }

  private static final String ORDER_CONFIG = """
      extensions: {fake_extension: }
      receivers: {fake_receiver: }
      processors: {fake_processor/1: , fake_processor/2: }
      exporters: {fake_exporter: , all_exporter: }
      service:
        extensions: [fake_extension]
        pipelines:
          traces:
            receivers: [fake_receiver]
            processors: [fake_processor/1, fake_processor/2]
            exporters: [fake_exporter]
          metrics:
            receivers: [fake_receiver]
            exporters: [all_exporter]
      """;

  @Test
  void startsExtensionsExportersProcessorsLastFirstThenReceiversAndStopsInReverse() throws Exception {
    Collector c = started(ORDER_CONFIG);
    assertThat(events.list()).containsExactly(
        "start extension fake_extension",
        "start exporter fake_exporter",
        "start exporter all_exporter",
        "start processor fake_processor/2",
        "start processor fake_processor/1",
        "start receiver fake_receiver");
    assertThat(c.shutdown()).isEmpty();
    assertThat(events.starting("stop ")).containsExactly(
        "stop receiver fake_receiver",
        "stop processor fake_processor/1",
        "stop processor fake_processor/2",
        "stop exporter all_exporter",
        "stop exporter fake_exporter",
        "stop extension fake_extension");
    assertThat(c.status().collectorState()).isEqualTo(StatusRegistry.CollectorState.STOPPED);
    assertThat(c.shutdown()).as("idempotent").isEmpty();
    assertThat(events.starting("stop ")).hasSize(6);
  }

  @Test
  void stopDrainsHeldDataDownstreamWithinTheDeadline() throws Exception {
    Collector c = started("""
        receivers: {fake_receiver: }
        processors: {fake_processor: {hold: true}}
        exporters: {fake_exporter: {hold: true}}
        service:
          pipelines:
            traces: {receivers: [fake_receiver], processors: [fake_processor], exporters: [fake_exporter]}
        """);
    FakeReceiver r = receivers.receiver("fake_receiver");
    r.push(spans(2));
    r.push(spans(3));
    FakeExporter<?> e = exporters.exporter("fake_exporter", Signal.TRACES);
    assertThat(e.receivedItems() + e.heldItems()).as("the processor holds everything").isZero();

    assertThat(c.shutdown()).isEmpty();

    assertThat(e.receivedItems()).isEqualTo(5);
    assertThat(e.heldItems()).isZero();
    assertThat(e.shutdownDeadline()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
    // the processor flushed into a still-running exporter, which then flushed on its own stop
    assertThat(events.list()).filteredOn(s -> !s.startsWith("process ") && !s.startsWith("start ")).containsExactly(
        "stop receiver fake_receiver",
        "export fake_exporter traces",
        "export fake_exporter traces",
        "stop processor fake_processor",
        "stop exporter fake_exporter");
  }

  @Test
  void aFailingStartStopsEverythingAndNamesTheComponent() {
    events.failStart("processor fake_processor/1");
    Collector c = collector(ORDER_CONFIG);
    assertThatThrownBy(c::start)
        .hasMessage("cannot start processor \"fake_processor/1\": boom in start of processor fake_processor/1")
        .hasRootCauseMessage("boom in start of processor fake_processor/1");
    assertThat(events.list()).containsExactly(
        "start extension fake_extension",
        "start exporter fake_exporter",
        "start exporter all_exporter",
        "start processor fake_processor/2",
        "start processor fake_processor/1",
        // everything built is stopped, started or not, the failed one included
        "stop receiver fake_receiver",
        "stop processor fake_processor/1",
        "stop processor fake_processor/2",
        "stop exporter all_exporter",
        "stop exporter fake_exporter",
        "stop extension fake_extension");
    assertThatThrownBy(() -> c.awaitHealthy(Duration.ofSeconds(1)))
        .hasMessage("collector failed to start: cannot start processor \"fake_processor/1\": boom in start of "
            + "processor fake_processor/1");
    assertThat(c.status().collectorState()).isEqualTo(StatusRegistry.CollectorState.STOPPED);
    assertThat(c.shutdown()).isEmpty();
    assertThat(events.starting("stop ")).hasSize(6);
  }

  @Test
  void aFailedStartReleasesSharedReceiversSoARebuiltCollectorGetsFreshOnes() throws Exception {
    events.failStart("exporter fake_exporter");
    String yaml = """
        receivers: {fake_receiver: }
        exporters: {fake_exporter: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [fake_exporter]}
        """;
    assertThatThrownBy(collector(yaml)::start).hasMessageStartingWith("cannot start exporter \"fake_exporter\"");
    Events second = new Events();
    FakeExporterFactory secondExporters = new FakeExporterFactory(second);
    Collector c = Collector.builder().registry(ComponentRegistry.of(receivers, secondExporters))
        .configYaml("graph.yaml", yaml).env(Map.of()).metricsAddress("")
        .logSink((time, level, message, fields, error) -> {}).build();
    collectors.add(c);
    c.start();
    assertThat(receivers.created()).hasSize(2);
    TracesBatch b = spans(1);
    receivers.created().get(1).push(b);
    assertThat(secondExporters.exporter("fake_exporter", Signal.TRACES).received()).singleElement().isSameAs(b);
  }

  @Test
  void everyStopFailureIsCollectedAndEveryComponentStillStops() throws Exception {
    events.failStop("receiver fake_receiver").failStop("exporter fake_exporter");
    Collector c = started(ORDER_CONFIG);
    List<Throwable> failures = c.shutdown();
    assertThat(failures).extracting(Throwable::getMessage).containsExactly(
        "cannot stop receiver \"fake_receiver\": boom in stop of receiver fake_receiver",
        "cannot stop exporter \"fake_exporter\": boom in stop of exporter fake_exporter");
    assertThat(events.starting("stop ")).hasSize(6);
  }

  @Test
  void refusedDataIsThrownBackToTheReceiver() throws Exception {
    events.failConsume("exporter fake_exporter");
    started("""
        receivers: {fake_receiver: }
        exporters: {fake_exporter: }
        service:
          pipelines:
            traces: {receivers: [fake_receiver], exporters: [fake_exporter]}
        """);
    assertThatThrownBy(() -> receivers.receiver("fake_receiver").push(spans(1)))
        .isInstanceOf(RetryableConsumeException.class).hasMessage("queue of fake_exporter is full");
  }

  @Test
  void extensionsAreVisibleToComponentsThroughTheHost() throws Exception {
    Collector c = started(ORDER_CONFIG);
    assertThat(c.status().components()).containsOnlyKeys("extension:fake_extension", "exporter:fake_exporter",
        "exporter:all_exporter", "processor:fake_processor/1", "processor:fake_processor/2", "receiver:fake_receiver");
    assertThat(c.status().components().values()).allSatisfy(e -> assertThat(e.status())
        .isEqualTo(StatusRegistry.Status.OK));
  }
}
