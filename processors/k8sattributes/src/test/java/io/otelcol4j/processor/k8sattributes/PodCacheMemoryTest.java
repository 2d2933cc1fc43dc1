package io.otelcol4j.processor.k8sattributes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Measures the heap one cached pod costs: the cache's record and indexes plus the informer's
 * skeleton, the two things kept per pod. Synthetic pods are fed directly (as the informer would:
 * store, then handler), not through the mock server, to be fast. Prints the figure; asserts only a
 * generous bound, never timing.
 */
class PodCacheMemoryTest {
  static final int PODS = 10_000;

  @Test
  void retainedHeapPerPodIsSmall() throws Exception {
    K8sAttributesProcessorConfig config = K8sAttributesProcessorConfig.from(ConfigNode.fromYaml("""
        extract:
          metadata: [k8s.namespace.name, k8s.pod.name, k8s.pod.uid, k8s.pod.start_time, k8s.deployment.name,
                     k8s.replicaset.name, k8s.node.name, container.image.name, container.image.tag]
          labels:
            - key: app
        """, "memory.yaml", "processors.k8sattributes", new ConfigProblems()));
    Rules rules = new Rules(config);
    PodConverter converter = new PodConverter(rules);
    K8sTelemetry telemetry = new K8sTelemetry(MeterProvider.noop(), ComponentId.of("k8sattributes"));

    // Warm up class loading and interned constants so they do not count as per-pod cost.
    PodCache warm = new PodCache(rules, System::nanoTime, Duration.ofMinutes(2), telemetry);
    feed(store(warm, converter), 200, "warm");

    long before = usedHeapAfterGc();
    PodCache cache = new PodCache(rules, System::nanoTime, Duration.ofMinutes(2), telemetry);
    SkeletonStore<Pod> store = store(cache, converter);
    feed(store, PODS, "pod");
    long after = usedHeapAfterGc();
    assertThat(cache.podCount()).isEqualTo(PODS);
    assertThat(store.size()).isEqualTo(PODS);
    Reference.reachabilityFence(cache);
    Reference.reachabilityFence(store);

    long perPod = (after - before) / PODS;
    System.out.printf("k8sattributes: %d pods retain %d bytes of heap, %d bytes per pod (record, indexes and"
        + " informer skeleton)%n", PODS, after - before, perPod);
    assertThat(perPod).as("bytes of heap per cached pod").isPositive().isLessThan(4096);
  }

  /** The informer's store, converting each stored pod into the cache as the watcher does. */
  private static SkeletonStore<Pod> store(PodCache cache, PodConverter converter) {
    return new SkeletonStore<>(Pod::new, (old, pod) -> cache.upsertPod(converter.convert(pod)));
  }

  private static void feed(SkeletonStore<Pod> store, int count, String prefix) {
    for (int i = 0; i < count; i++) {
      Pod pod = syntheticPod(prefix, i);
      store.put(store.getKey(pod), pod);
    }
  }

  /** A realistic pod: labels, annotations, two containers with statuses, a ReplicaSet owner. */
  static Pod syntheticPod(String prefix, int i) {
    String ns = "namespace-" + (i % 20);
    String deployment = "deployment-" + (i % 500);
    String rs = deployment + "-5d8f7b9c4";
    return new PodBuilder()
        .withNewMetadata().withNamespace(ns).withName(rs + "-" + prefix + i).withUid(UUID.randomUUID().toString())
        .withResourceVersion(Integer.toString(100_000 + i)).withCreationTimestamp("2024-05-01T10:00:00Z")
        .addToLabels(Map.of("app", deployment, "pod-template-hash", "5d8f7b9c4", "tier", "backend"))
        .addToAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "2024-05-01T09:00:00Z",
            "prometheus.io/scrape", "true"))
        .addNewOwnerReference().withKind("ReplicaSet").withName(rs).withUid("rs-uid-" + (i % 500))
        .withApiVersion("apps/v1").withController(true).endOwnerReference()
        .endMetadata()
        .withNewSpec().withNodeName("node-" + (i % 50))
        .addNewContainer().withName("app").withImage("registry.example.com/team/" + deployment + ":1.2." + (i % 7))
        .endContainer()
        .addNewContainer().withName("envoy").withImage("envoyproxy/envoy:v1.30.1").endContainer()
        .endSpec()
        .withNewStatus().withPodIP("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
        .withPhase("Running").withStartTime("2024-05-01T10:00:01Z")
        .addNewContainerStatus().withName("app").withRestartCount(0)
        .withContainerID("containerd://" + UUID.randomUUID().toString().replace("-", "") + "0123456789abcdef")
        .endContainerStatus()
        .addNewContainerStatus().withName("envoy").withRestartCount(0)
        .withContainerID("containerd://" + UUID.randomUUID().toString().replace("-", "") + "fedcba9876543210")
        .endContainerStatus()
        .endStatus()
        .build();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, bean.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
