package io.otelcol4j.processor.k8sattributes;

import io.otelcol4j.testing.SinkExporterFactory;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.receiver.otlp.OtlpReceiverFactory;
import io.otelcol4j.service.Collector;
import io.otelcol4j.testing.SinkConsumer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Association by connection IP end to end: the OpenTelemetry Java SDK exports spans over OTLP/gRPC
 * from 127.0.0.1 to a real collector (otlp receiver → k8sattributes → sink), and the pod whose IP
 * is 127.0.0.1 in the (mock) Kubernetes API is found from the peer address alone.
 */
@EnableKubernetesMockClient(crud = true)
class K8sAttributesOtlpIT {
  KubernetesClient client;

  @Test
  void spansFromAPodIpAreEnrichedWithThatPodsMetadata() throws Exception {
    Pod pod = new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-1")
        .withCreationTimestamp("2024-05-01T10:00:00Z").endMetadata()
        .withNewSpec().withNodeName("node-a").endSpec()
        .withNewStatus().withPodIP("127.0.0.1").withPhase("Running").endStatus().build();
    client.pods().inNamespace("shop").resource(pod).create();
    // The mock ignores status on create, as an API server does: the kubelet sets it later.
    client.pods().inNamespace("shop").withName("web-1")
        .editStatus(c -> new PodBuilder(c).withStatus(pod.getStatus()).build());

    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    SinkConsumer sink = new SinkConsumer();
    K8sAttributesProcessorFactory k8s = new K8sAttributesProcessorFactory(
        (c, e) -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
        new HashMap<String, String>()::get, System::nanoTime);
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
        processors:
          k8sattributes:
            wait_for_metadata: true
            wait_for_metadata_timeout: 10s
            extract:
              metadata: [k8s.namespace.name, k8s.pod.name, k8s.node.name]
        exporters:
          sink:
        service:
          telemetry:
            metrics:
              level: none
          pipelines:
            traces:
              receivers: [otlp]
              processors: [k8sattributes]
              exporters: [sink]
        """.formatted(port);
    try (Collector collector = Collector.builder()
        .registry(ComponentRegistry.of(new OtlpReceiverFactory(), k8s, new SinkExporterFactory(sink)))
        .configYaml("k8s.yaml", yaml).metricsAddress("").logSink((t, l, m, f, e) -> {}).build()) {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(15))).isTrue();

      SdkTracerProvider tracer = SdkTracerProvider.builder()
          .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "web")))
          .addSpanProcessor(SimpleSpanProcessor.create(
              OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port).build()))
          .build();
      for (int i = 0; i < 5; i++) {
        tracer.get("test").spanBuilder("op-" + i).startSpan().end();
      }
      tracer.forceFlush().join(10, TimeUnit.SECONDS);
      tracer.shutdown().join(10, TimeUnit.SECONDS);

      assertThat(sink.awaitItems(5, Duration.ofSeconds(10))).isTrue();
      for (TracesBatch b : sink.batchesOf(TracesBatch.class)) {
        for (ResourceSpans rs : b.resourceSpans()) {
          Map<String, String> attrs = new HashMap<>();
          for (KeyValue kv : rs.getResource().getAttributesList()) {
            attrs.put(kv.getKey(), kv.getValue().getStringValue());
          }
          assertThat(attrs).containsEntry("service.name", "web")
              .containsEntry("k8s.pod.ip", "127.0.0.1")
              .containsEntry("k8s.pod.name", "web-1")
              .containsEntry("k8s.namespace.name", "shop")
              .containsEntry("k8s.node.name", "node-a");
        }
      }
    }
  }
}
