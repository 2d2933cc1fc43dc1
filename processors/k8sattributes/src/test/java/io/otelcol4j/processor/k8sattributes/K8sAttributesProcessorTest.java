package io.otelcol4j.processor.k8sattributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Processor;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestData;
import io.otelcol4j.testing.TestSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The processor against fabric8's mock API server in CRUD mode (it supports watches). */
@EnableKubernetesMockClient(crud = true)
class K8sAttributesProcessorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  KubernetesClient client;
  KubernetesMockServer server;
  private final List<String> requests = new ArrayList<>();

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Map<String, String> env = new HashMap<>();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private final SinkConsumer sink = new SinkConsumer();
  private final List<Processor<?>> started = new ArrayList<>();

  @AfterEach
  void shutdown() throws Exception {
    for (Processor<?> p : started) {
      p.shutdown(Duration.ofSeconds(5));
    }
    meterProvider.close();
  }

  // ---------------------------------------------------------------- association and extraction

  @Test
  void connectionIpAddsPodOwnerNamespaceAndNodeMetadata() throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
        .addToLabels("team", "payments").endMetadata().build()).create();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a")
        .addToLabels("zone", "eu-1a").endMetadata().build()).create();
    String rsUid = client.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata()
        .withName("web-5d8f7b9c4").withNamespace("shop").withUid("rs-uid-1")
        .addNewOwnerReference().withKind("Deployment").withName("web").withUid("dep-uid-1").withApiVersion("apps/v1")
        .endOwnerReference().endMetadata().build()).create().getMetadata().getUid();
    Processor<TracesBatch> p = traces("""
        extract:
          metadata: [k8s.namespace.name, k8s.pod.name, k8s.pod.uid, k8s.pod.start_time, k8s.deployment.name,
                     k8s.replicaset.name, k8s.node.name]
          labels:
            - key: team
              from: namespace
            - key: zone
              from: node
        """);
    String uid1 = uid(createPod(pod("shop", "web-5d8f7b9c4-x1", "uid-1", "127.0.0.11", "node-a")
        .editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("web-5d8f7b9c4").withUid(rsUid)
        .withApiVersion("apps/v1").endOwnerReference().endMetadata()));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uid1) != null && md.cache.deploymentOf(rsUid) != null
        && md.cache.namespace("shop") != null && md.cache.node("node-a") != null);

    Map<String, String> attrs = enrichTraces(p, peer("127.0.0.11"), Map.of("service.name", "web"));
    String created = client.pods().inNamespace("shop").withName("web-5d8f7b9c4-x1").get().getMetadata()
        .getCreationTimestamp();

    assertThat(attrs).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("service.name", "web"),
        Map.entry("k8s.pod.ip", "127.0.0.11"),
        Map.entry("k8s.namespace.name", "shop"),
        Map.entry("k8s.pod.name", "web-5d8f7b9c4-x1"),
        Map.entry("k8s.pod.uid", uid1),
        Map.entry("k8s.pod.start_time", created),
        Map.entry("k8s.deployment.name", "web"),
        Map.entry("k8s.replicaset.name", "web-5d8f7b9c4"),
        Map.entry("k8s.node.name", "node-a"),
        Map.entry("k8s.namespace.labels.team", "payments"),
        Map.entry("k8s.node.labels.zone", "eu-1a")));
  }

  @Test
  void nodeLabelsAreAddedAndUpdatesAreFollowed() throws Exception {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a")
        .addToLabels("zone", "eu-1a").endMetadata().build()).create();
    Processor<TracesBatch> p = traces("""
        extract:
          labels:
            - key: zone
              from: node
            - key: app
        """);
    String uid1 = uid(createPod(pod("shop", "web-1", "uid-1", "127.0.0.11", "node-a").editMetadata().addToLabels("app", "v1")
        .endMetadata()));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uid1) != null && md.cache.node("node-a") != null);
    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of()))
        .containsEntry("k8s.node.labels.zone", "eu-1a").containsEntry("k8s.pod.labels.app", "v1");

    client.pods().inNamespace("shop").withName("web-1").edit(pod -> new PodBuilder(pod).editMetadata()
        .addToLabels("app", "v2").endMetadata().build());
    client.nodes().withName("node-a").edit(n -> new NodeBuilder(n).editMetadata().addToLabels("zone", "eu-1b")
        .endMetadata().build());
    await(() -> "v2".equals(md.cache.byUid(uid1).attr("k8s.pod.labels.app"))
        && "eu-1b".equals(md.cache.node("node-a")[1]));

    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of()))
        .containsEntry("k8s.node.labels.zone", "eu-1b").containsEntry("k8s.pod.labels.app", "v2");
    assertThat(counter("otelcol_otelsvc_k8s_pod_added")).isEqualTo(1);
    assertThat(counter("otelcol_otelsvc_k8s_pod_updated")).isGreaterThanOrEqualTo(1);
    assertThat(counter("otelcol_otelsvc_k8s_node_updated")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void deletedPodKeepsMetadataForTheGracePeriodThenDisappears() throws Exception {
    Processor<TracesBatch> p = traces("{}");
    String uid1 = uid(createPod(pod("shop", "web-1", "uid-1", "127.0.0.11", "node-a")));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uid1) != null);

    client.pods().inNamespace("shop").withName("web-1").delete();
    await(() -> counter("otelcol_otelsvc_k8s_pod_deleted") == 1);
    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of())).containsEntry("k8s.pod.name", "web-1");

    nanos.addAndGet(PodCache.DELETE_GRACE_PERIOD.toNanos() - 1);
    assertThat(md.cache.evictExpired()).isZero();
    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of())).containsEntry("k8s.pod.name", "web-1");

    nanos.addAndGet(1);
    assertThat(md.cache.evictExpired()).isEqualTo(1);
    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of()))
        .containsExactlyEntriesOf(Map.of("k8s.pod.ip", "127.0.0.11"));
    assertThat(md.cache.podCount()).isZero();
    assertThat(counter("otelcol_otelsvc_k8s_ip_lookup_miss")).isEqualTo(1);
  }

  @Test
  void ipReusedByANewPodIsNotTakenBackByTheDeletedOne() throws Exception {
    Processor<TracesBatch> p = traces("{}");
    String uidOld = uid(createPod(pod("shop", "old", "uid-old", "127.0.0.11", "node-a")));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uidOld) != null);
    client.pods().inNamespace("shop").withName("old").delete();
    String uidNew = uid(createPod(pod("shop", "new", "uid-new", "127.0.0.11", "node-a").editMetadata()
        .withCreationTimestamp("2024-05-01T11:00:00Z").endMetadata()));
    await(() -> md.cache.byUid(uidNew) != null);

    nanos.addAndGet(PodCache.DELETE_GRACE_PERIOD.toNanos());
    md.cache.evictExpired();

    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of())).containsEntry("k8s.pod.name", "new");
  }

  @Test
  void everyResourceAttributeSourceAssociates() throws Exception {
    Processor<TracesBatch> p = traces("""
        extract:
          metadata: [k8s.pod.name, k8s.pod.uid, k8s.container.name, container.id, container.image.name,
                     container.image.tag]
        pod_association:
          - sources: [{from: resource_attribute, name: k8s.pod.uid}]
          - sources: [{from: resource_attribute, name: k8s.pod.name}, {from: resource_attribute, name: k8s.namespace.name}]
          - sources: [{from: resource_attribute, name: container.id}]
          - sources: [{from: resource_attribute, name: host.name}]
          - sources: [{from: resource_attribute, name: k8s.pod.ip}]
          - sources: [{from: connection}]
        """);
    String uid1 = uid(createPod(pod("shop", "web-1", "uid-1", "127.0.0.11", "node-a").editSpec().addNewContainer().withName("app")
        .withImage("ghcr.io/acme/web:1.4.2").endContainer().addNewContainer().withName("sidecar")
        .withImage("envoy@sha256:abcd").endContainer().endSpec()
        .editStatus().addNewContainerStatus().withName("app").withContainerID("containerd://c-app-2").withRestartCount(2)
        .withNewLastState().withNewTerminated().withContainerID("containerd://c-app-1").endTerminated().endLastState()
        .endContainerStatus().addNewContainerStatus().withName("sidecar").withContainerID("containerd://c-side")
        .withRestartCount(0).endContainerStatus().endStatus()));
    String uid2 = uid(createPod(pod("other", "web-1", "uid-2", "127.0.0.12", "node-a")));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uid1) != null && md.cache.byUid(uid2) != null);

    assertThat(enrichTraces(p, Context.EMPTY, Map.of("k8s.pod.uid", uid2))).containsEntry("k8s.pod.name", "web-1")
        .doesNotContainKey("k8s.pod.ip");
    assertThat(enrichTraces(p, Context.EMPTY, Map.of("k8s.pod.name", "web-1", "k8s.namespace.name", "other")))
        .containsEntry("k8s.pod.uid", uid2).hasSize(3);
    assertThat(enrichTraces(p, Context.EMPTY, Map.of("container.id", "c-app-1"))).containsAllEntriesOf(Map.of(
        "k8s.pod.name", "web-1", "k8s.container.name", "app", "container.image.name", "ghcr.io/acme/web",
        "container.image.tag", "1.4.2"));
    assertThat(enrichTraces(p, Context.EMPTY, Map.of("host.name", "127.0.0.12"))).containsEntry("k8s.pod.name", "web-1");
    assertThat(enrichTraces(p, Context.EMPTY, Map.of("host.name", "web-host"))).hasSize(1);
    assertThat(enrichTraces(p, Context.EMPTY, Map.of("k8s.pod.ip", "127.0.0.11", "k8s.container.name", "app")))
        .containsEntry("container.id", "c-app-2").containsEntry("container.image.tag", "1.4.2");
    assertThat(enrichTraces(p, Context.EMPTY, Map.of("k8s.pod.ip", "127.0.0.11", "k8s.container.name", "app",
        "k8s.container.restart_count", "1"))).containsEntry("container.id", "c-app-1");
    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of("k8s.container.name", "sidecar")))
        .containsEntry("k8s.pod.ip", "127.0.0.11").containsEntry("container.image.name", "envoy")
        .doesNotContainKey("container.image.tag").containsEntry("container.id", "c-side");
  }

  @Test
  void existingAttributesAreNeverOverwritten() throws Exception {
    Processor<TracesBatch> p = traces("{}");
    String uid1 = uid(createPod(pod("shop", "web-1", "uid-1", "127.0.0.11", "node-a")));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uid1) != null);

    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of("k8s.pod.name", "mine", "k8s.pod.ip", "127.0.0.11")))
        .containsEntry("k8s.pod.name", "mine").containsEntry("k8s.pod.uid", uid1);
  }

  @Test
  void labelsAndAnnotationsWithKeyRegex() throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
        .addToAnnotations("owner", "team-a").endMetadata().build()).create();
    Processor<TracesBatch> p = traces("""
        extract:
          metadata: [k8s.pod.name]
          labels:
            - tag_name: $1
              key_regex: app.kubernetes.io/(.*)
            - key_regex: tier|track
          annotations:
            - tag_name: git.sha
              key: git-sha
            - tag_name: ann.${k}
              key_regex: "note/(?P<k>.+)"
            - key: owner
              from: namespace
        """);
    String uid1 = uid(createPod(pod("shop", "web-1", "uid-1", "127.0.0.11", "node-a").editMetadata()
        .addToLabels(Map.of("app.kubernetes.io/component", "db", "app.kubernetes.io/version", "5.7", "tier", "back",
            "other", "x"))
        .addToAnnotations(Map.of("git-sha", "abc123", "note/a", "1", "note/b", "2")).endMetadata()));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uid1) != null && md.cache.namespace("shop") != null);

    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "k8s.pod.ip", "127.0.0.11",
        "k8s.pod.name", "web-1",
        "component", "db",
        "version", "5.7",
        "k8s.pod.labels.tier", "back",
        "git.sha", "abc123",
        "ann.a", "1",
        "ann.b", "2",
        "k8s.namespace.annotations.owner", "team-a"));
  }

  @Test
  void cronJobNameComesFromTheWatchedJob() throws Exception {
    String jobUid = client.batch().v1().jobs().inNamespace("ops").resource(new JobBuilder().withNewMetadata().withName("backup-2841")
        .withNamespace("ops").withUid("job-uid").addNewOwnerReference().withKind("CronJob").withName("backup")
        .withUid("cj-uid").withApiVersion("batch/v1").endOwnerReference().endMetadata().build()).create()
        .getMetadata().getUid();
    Processor<TracesBatch> p = traces("""
        extract:
          metadata: [k8s.pod.name, k8s.job.name, k8s.cronjob.name]
        """);
    String uid1 = uid(createPod(pod("ops", "backup-2841-q", "uid-1", "127.0.0.11", "node-a").editMetadata().addNewOwnerReference()
        .withKind("Job").withName("backup-2841").withUid(jobUid).withApiVersion("batch/v1").endOwnerReference()
        .endMetadata()));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uid1) != null && md.cache.cronJobOf(jobUid) != null);

    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of()))
        .containsEntry("k8s.job.name", "backup-2841").containsEntry("k8s.cronjob.name", "backup");
  }

  // ---------------------------------------------------------------- filters and modes

  @Test
  void daemonSetNodeFilterCachesOnlyPodsOfThisNode() throws Exception {
    env.put("K8S_NODE_NAME", "node-a");
    Processor<TracesBatch> p = traces("""
        filter:
          node_from_env_var: K8S_NODE_NAME
        """);
    K8sMetadata md = metadataOf(p);

    // The API server is asked for this node's pods only. (The mock accepts the selector but cannot
    // evaluate spec.nodeName, so the events below are fed to the watcher as the server would.)
    await(() -> requested("fieldSelector=spec.nodeName%3Dnode-a"));
    md.watcher().podChanged(null, pod("shop", "elsewhere", "uid-b", "127.0.0.12", "node-b").build());
    md.watcher().podChanged(null, pod("shop", "here", "uid-a", "127.0.0.11", "node-a").build());

    // The watcher checks the node too, in case a selector is not honoured.
    assertThat(md.cache.byUid("uid-b")).isNull();
    assertThat(md.cache.byUid("uid-a")).isNotNull();
    assertThat(md.cache.podCount()).isEqualTo(1);
    assertThat(enrichTraces(p, peer("127.0.0.12"), Map.of())).hasSize(1);
    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of())).containsEntry("k8s.pod.name", "here");
  }

  @Test
  void nodeFromAnUnsetEnvVarFailsStart() {
    Processor<TracesBatch> p = factory().createTraces(settings(), config("filter: {node_from_env_var: NOPE}"),
        sink.traces());
    started.add(p);
    assertThatThrownBy(() -> p.start(new NopHost())).isInstanceOf(IllegalStateException.class)
        .hasMessage("`node_from_env_var` is configured but envvar \"NOPE\" is not set");
  }

  @Test
  void passthroughOnlyTagsTheConnectionIpWithoutApiAccess() throws Exception {
    K8sAttributesProcessorFactory f = new K8sAttributesProcessorFactory((c, e) -> {
      throw new AssertionError("no API access in passthrough");
    }, env::get, nanos::get);
    Processor<TracesBatch> p = f.createTraces(settings(), config("passthrough: true"), sink.traces());
    p.start(new NopHost());
    started.add(p);

    assertThat(enrichTraces(p, peer("127.0.0.21"), Map.of("service.name", "a")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("service.name", "a", "k8s.pod.ip", "127.0.0.21"));
    assertThat(enrichTraces(p, peer("127.0.0.21"), Map.of("k8s.pod.ip", "127.0.0.99")))
        .containsExactlyEntriesOf(Map.of("k8s.pod.ip", "127.0.0.99"));
    TracesBatch noPeer = TestData.traces(0, 1);
    p.consume(Context.EMPTY, noPeer);
    assertThat(sink.batchesOf(TracesBatch.class).get(sink.batchesOf(TracesBatch.class).size() - 1))
        .isSameAs(noPeer);
  }

  @Test
  void waitForMetadataReturnsOnceSynced() throws Exception {
    String uid1 = uid(createPod(pod("shop", "web-1", "uid-1", "127.0.0.11", "node-a")));
    Processor<TracesBatch> p = traces("wait_for_metadata: true");

    assertThat(metadataOf(p).cache.byUid(uid1)).isNotNull();
  }

  @Test
  void waitForMetadataFailsStartAfterTheTimeout() {
    K8sAttributesProcessorFactory f = new K8sAttributesProcessorFactory((c, e) -> new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build())
        .build(), env::get, nanos::get);
    Processor<TracesBatch> p = f.createTraces(settings(),
        config("{wait_for_metadata: true, wait_for_metadata_timeout: 500ms}"), sink.traces());
    started.add(p);

    assertThatThrownBy(() -> p.start(new NopHost())).isInstanceOf(IllegalStateException.class)
        .hasMessage("failed to wait for caches to sync");
  }

  @Test
  void unsyncedDataFlowsUnenriched() throws Exception {
    K8sAttributesProcessorFactory f = new K8sAttributesProcessorFactory((c, e) -> new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build()).build(), env::get, nanos::get);
    Processor<TracesBatch> p = f.createTraces(settings(), config("{}"), sink.traces());
    p.start(new NopHost()); // returns at once
    started.add(p);

    assertThat(enrichTraces(p, peer("127.0.0.11"), Map.of("a", "b")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "b", "k8s.pod.ip", "127.0.0.11"));
  }

  @Test
  void metricsAndLogsAreEnrichedAndPipelinesShareOneCache() throws Exception {
    K8sAttributesProcessorFactory f = factory();
    K8sAttributesProcessorConfig config = config("{}");
    Processor<MetricsBatch> m = f.createMetrics(settings(), config, sink.metrics());
    Processor<LogsBatch> l = f.createLogs(settings(), config, sink.logs());
    m.start(new NopHost());
    l.start(new NopHost());
    started.add(m);
    started.add(l);
    assertThat(f.sharedCount()).isEqualTo(1);
    String uid1 = uid(createPod(pod("shop", "web-1", "uid-1", "127.0.0.11", "node-a")));
    K8sMetadata md = ((K8sAttributesProcessor<?>) m).metadata();
    await(() -> md.cache.byUid(uid1) != null);

    m.consume(peer("127.0.0.11"), TestData.metrics(0, 2));
    l.consume(peer("127.0.0.11"), TestData.logs(0, 2));

    ResourceMetrics rm = sink.batchesOf(MetricsBatch.class).get(0).resourceMetrics().get(0);
    ResourceLogs rl = sink.batchesOf(LogsBatch.class).get(0).resourceLogs().get(0);
    assertThat(toMap(rm.getResource())).containsEntry("k8s.pod.name", "web-1");
    assertThat(toMap(rl.getResource())).containsEntry("k8s.pod.name", "web-1");
    m.shutdown(Duration.ofSeconds(1));
    assertThat(f.sharedCount()).isEqualTo(1);
    l.shutdown(Duration.ofSeconds(1));
    assertThat(f.sharedCount()).isZero();
  }

  @Test
  void unchangedResourcesAreShared() throws Exception {
    Processor<TracesBatch> p = traces("{}");
    String uid1 = uid(createPod(pod("shop", "web-1", "uid-1", "127.0.0.11", "node-a")));
    K8sMetadata md = metadataOf(p);
    await(() -> md.cache.byUid(uid1) != null);
    ResourceSpans unknown = rs(Map.of("k8s.pod.ip", "127.0.0.99"));
    ResourceSpans known = rs(Map.of("k8s.pod.ip", "127.0.0.11"));

    p.consume(Context.EMPTY, TracesBatch.of(List.of(unknown, known)));

    List<ResourceSpans> out = sink.batchesOf(TracesBatch.class).get(0).resourceSpans();
    assertThat(out.get(0)).isSameAs(unknown);
    assertThat(toMap(out.get(1).getResource())).containsEntry("k8s.pod.name", "web-1");
  }

  // ---------------------------------------------------------------- helpers

  private K8sAttributesProcessorFactory factory() {
    // A client of its own per processor: the processor closes it on shutdown.
    return new K8sAttributesProcessorFactory(
        (c, e) -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(), env::get, nanos::get);
  }

  private io.otelcol4j.component.ComponentSettings settings() {
    ComponentId id = ComponentId.of("k8sattributes");
    return new io.otelcol4j.component.ComponentSettings(id, Kind.PROCESSOR,
        io.otelcol4j.telemetry.Logger.stderr().with("processor", id.toString()), meterProvider,
        io.otelcol4j.component.BuildInfo.current(), io.otelcol4j.component.StatusReporter.NOOP);
  }

  private static K8sAttributesProcessorConfig config(String yaml) {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml(yaml, "test.yaml", "processors.k8sattributes", problems);
    K8sAttributesProcessorConfig c = K8sAttributesProcessorConfig.from(node);
    node.reportUnknownKeys();
    assertThat(problems.errors()).isEmpty();
    return c;
  }

  private Processor<TracesBatch> traces(String yaml) throws Exception {
    Processor<TracesBatch> p = factory().createTraces(settings(), config(yaml), sink.traces());
    started.add(p);
    p.start(new NopHost());
    return p;
  }

  private static K8sMetadata metadataOf(Processor<?> p) {
    return ((K8sAttributesProcessor<?>) p).metadata();
  }

  private static PodBuilder pod(String namespace, String name, String uid, String ip, String node) {
    return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid(uid)
        .withCreationTimestamp("2024-05-01T10:00:00Z").endMetadata()
        .withNewSpec().withNodeName(node).endSpec()
        .withNewStatus().withPodIP(ip).withPhase("Running").endStatus();
  }

  /** Creates a pod; the mock server assigns the uid (and may the creation time). */
  private Pod createPod(PodBuilder pod) {
    Pod p = pod.build();
    String ns = p.getMetadata().getNamespace();
    Pod created = client.pods().inNamespace(ns).resource(p).create();
    // The mock, as an API server, ignores status on create: set it as the kubelet would, an update later.
    return client.pods().inNamespace(ns).withName(p.getMetadata().getName())
        .editStatus(c -> new PodBuilder(c).withStatus(p.getStatus()).build());
  }

  private static String uid(Pod created) {
    return created.getMetadata().getUid();
  }

  private static Context peer(String ip) {
    return Context.ofPeer(new InetSocketAddress(ip, 40000));
  }

  private static ResourceSpans rs(Map<String, String> attrs) {
    Resource.Builder r = Resource.newBuilder();
    attrs.forEach((k, v) -> r.addAttributes(
        KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v))));
    return TestData.traces(0, 1).resourceSpans().get(0).toBuilder().setResource(r).build();
  }

  /** Sends one resource with {@code attrs} through {@code p}; returns the resource's attributes after. */
  private Map<String, String> enrichTraces(Processor<TracesBatch> p, Context context, Map<String, String> attrs) {
    sink.reset();
    p.consume(context, TracesBatch.of(List.of(rs(attrs))));
    List<TracesBatch> out = sink.batchesOf(TracesBatch.class);
    assertThat(out).hasSize(1);
    return toMap(out.get(0).resourceSpans().get(0).getResource());
  }

  private static Map<String, String> toMap(Resource r) {
    Map<String, String> m = new LinkedHashMap<>();
    for (KeyValue kv : r.getAttributesList()) {
      assertThat(m.put(kv.getKey(), kv.getValue().getStringValue())).as("duplicate " + kv.getKey()).isNull();
    }
    return m;
  }

  private long counter(String name) {
    long sum = 0;
    for (MetricData d : metrics.collectAllMetrics()) {
      if (d.getName().equals(name)) {
        sum += d.getLongSumData().getPoints().stream().mapToLong(pt -> pt.getValue()).sum();
      }
    }
    return sum;
  }

  /** True once the mock server has received a request whose path contains {@code text}. */
  private boolean requested(String text) {
    try {
      RecordedRequest r;
      while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
        requests.add(r.getPath());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests.stream().anyMatch(path -> path.contains(text));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition not met within " + WAIT).isNegative();
      Thread.sleep(20);
    }
  }
}
