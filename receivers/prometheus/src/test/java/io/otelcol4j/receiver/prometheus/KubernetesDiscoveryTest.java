package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.testing.SinkExporterFactory;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Kind;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.service.Collector;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.NopHost;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String P = KubernetesGroups.PREFIX;

  KubernetesClient client;
  KubernetesMockServer server;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicReference<List<TargetGroup>> latest = new AtomicReference<>(List.of());
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    scheduler.shutdownNow();
  }

  private KubernetesDiscovery discover(String sdConfig) throws Exception {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml(sdConfig, "sd.yaml", "kubernetes_sd_configs[0]", problems);
    KubernetesSdConfig config = KubernetesSdConfig.from(node);
    node.reportUnknownKeys();
    assertThat(problems.errors()).isEmpty();
    KubernetesDiscovery d = new KubernetesDiscovery(config, c -> server.createClient(), "kubernetes_sd_configs/0",
        (provider, groups) -> latest.set(groups), scheduler, Logger.noop());
    closeables.add(d);
    d.start();
    return d;
  }

  private boolean await(Predicate<List<TargetGroup>> condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.test(latest.get())) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.test(latest.get());
  }

  private TargetGroup group(String source) {
    return latest.get().stream().filter(g -> g.source().equals(source)).findFirst().orElseThrow();
  }

  private static boolean hasGroup(List<TargetGroup> groups, String source) {
    return groups.stream().anyMatch(g -> g.source().equals(source));
  }

  private static PodBuilder pod(String namespace, String name, String ip) {
    return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withNodeName("node-a").addNewContainer().withName("app").withImage("app:1").endContainer()
        .endSpec()
        .withNewStatus().withPodIP(ip).withHostIP("192.168.0.10").withPhase("Running").endStatus();
  }

  private static Map<String, String> byAddress(TargetGroup g, String address) {
    return g.targets().stream().filter(t -> t.get(LabelNames.ADDRESS).equals(address)).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------------------------------------ pod

  @Test
  void podRoleOneTargetPerContainerPortWithPrometheusLabels() throws Exception {
    discover("role: pod");
    Pod created = client.pods().inNamespace("shop").resource(new PodBuilder()
        .withNewMetadata().withNamespace("shop").withName("web-1")
        .addToLabels("app.kubernetes.io/name", "web").addToAnnotations("prometheus.io/scrape", "true")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-5d8")
        .withUid("rs-1").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName("node-a")
        .addNewContainer().withName("app").withImage("app:1")
        .addNewPort().withName("metrics").withContainerPort(8080).withProtocol("TCP").endPort()
        .addNewPort().withContainerPort(9090).withProtocol("UDP").endPort().endContainer()
        .addNewContainer().withName("sidecar").withImage("sidecar:2").endContainer()
        .addNewInitContainer().withName("init").withImage("init:3")
        .addNewPort().withName("setup").withContainerPort(7070).withProtocol("TCP").endPort().endInitContainer()
        .endSpec()
        .withNewStatus().withPodIP("10.1.2.3").withHostIP("192.168.0.10").withPhase("Running")
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewContainerStatus().withName("app").withContainerID("containerd://abc").endContainerStatus()
        .endStatus().build()).create();
    String uid = created.getMetadata().getUid();
    String source = "pod/shop/web-1";
    assertThat(await(gs -> hasGroup(gs, source))).isTrue();

    TargetGroup g = group(source);
    assertThat(g.labels()).isEqualTo(Map.ofEntries(
        Map.entry(P + "namespace", "shop"),
        Map.entry(P + "pod_name", "web-1"),
        Map.entry(P + "pod_ip", "10.1.2.3"),
        Map.entry(P + "pod_ready", "true"),
        Map.entry(P + "pod_phase", "Running"),
        Map.entry(P + "pod_node_name", "node-a"),
        Map.entry(P + "pod_host_ip", "192.168.0.10"),
        Map.entry(P + "pod_uid", String.valueOf(uid)),
        Map.entry(P + "pod_label_app_kubernetes_io_name", "web"),
        Map.entry(P + "pod_labelpresent_app_kubernetes_io_name", "true"),
        Map.entry(P + "pod_annotation_prometheus_io_scrape", "true"),
        Map.entry(P + "pod_annotationpresent_prometheus_io_scrape", "true"),
        Map.entry(P + "pod_controller_kind", "ReplicaSet"),
        Map.entry(P + "pod_controller_name", "web-5d8")));
    assertThat(g.targets()).containsExactly(
        Map.of(LabelNames.ADDRESS, "10.1.2.3:8080", P + "pod_container_name", "app",
            P + "pod_container_id", "containerd://abc", P + "pod_container_image", "app:1",
            P + "pod_container_port_number", "8080", P + "pod_container_port_name", "metrics",
            P + "pod_container_port_protocol", "TCP", P + "pod_container_init", "false"),
        Map.of(LabelNames.ADDRESS, "10.1.2.3:9090", P + "pod_container_name", "app",
            P + "pod_container_id", "containerd://abc", P + "pod_container_image", "app:1",
            P + "pod_container_port_number", "9090", P + "pod_container_port_name", "",
            P + "pod_container_port_protocol", "UDP", P + "pod_container_init", "false"),
        Map.of(LabelNames.ADDRESS, "10.1.2.3", P + "pod_container_name", "sidecar",
            P + "pod_container_id", "", P + "pod_container_image", "sidecar:2", P + "pod_container_init", "false"),
        Map.of(LabelNames.ADDRESS, "10.1.2.3:7070", P + "pod_container_name", "init",
            P + "pod_container_id", "", P + "pod_container_image", "init:3",
            P + "pod_container_port_number", "7070", P + "pod_container_port_name", "setup",
            P + "pod_container_port_protocol", "TCP", P + "pod_container_init", "true"));

    // Updated: the group is recomputed.
    client.pods().inNamespace("shop").withName("web-1").edit(p -> new PodBuilder(p).editMetadata()
        .addToLabels("version", "v2").endMetadata().editStatus().withPodIP("10.1.2.4").endStatus().build());
    assertThat(await(gs -> hasGroup(gs, source) && "v2".equals(group(source).labels().get(P + "pod_label_version"))))
        .isTrue();
    assertThat(group(source).targets()).extracting(t -> t.get(LabelNames.ADDRESS))
        .containsExactly("10.1.2.4:8080", "10.1.2.4:9090", "10.1.2.4", "10.1.2.4:7070");

    // Deleted: the group is gone.
    client.pods().inNamespace("shop").withName("web-1").delete();
    assertThat(await(gs -> !hasGroup(gs, source))).isTrue();
  }

  @Test
  void podWithoutIpHasNoTargetsAndNotReadyIsFalse() throws Exception {
    discover("role: pod");
    client.pods().inNamespace("shop").resource(pod("shop", "pending", "").editStatus().withPodIP(null)
        .endStatus().build()).create();
    client.pods().inNamespace("shop").resource(pod("shop", "starting", "10.0.0.9").editStatus()
        .addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build()).create();
    assertThat(await(gs -> hasGroup(gs, "pod/shop/pending") && hasGroup(gs, "pod/shop/starting"))).isTrue();
    assertThat(group("pod/shop/pending").targets()).isEmpty();
    assertThat(group("pod/shop/starting").labels()).containsEntry(P + "pod_ready", "false");
  }

  // -------------------------------------------------------------------------------------- service

  @Test
  void serviceRoleOneTargetPerPort() throws Exception {
    discover("role: service");
    client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withNamespace("shop")
        .withName("web").addToLabels("team", "payments").endMetadata().withNewSpec().withType("ClusterIP")
        .withClusterIP("10.96.0.10")
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
        .addNewPort().withName("metrics").withPort(9100).withProtocol("TCP").endPort().endSpec().build()).create();
    client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withNamespace("shop")
        .withName("ext").endMetadata().withNewSpec().withType("ExternalName").withExternalName("db.example.com")
        .addNewPort().withPort(5432).withProtocol("TCP").endPort().endSpec().build()).create();
    assertThat(await(gs -> hasGroup(gs, "svc/shop/web") && hasGroup(gs, "svc/shop/ext"))).isTrue();

    TargetGroup web = group("svc/shop/web");
    assertThat(web.labels()).isEqualTo(Map.of(P + "namespace", "shop", P + "service_name", "web",
        P + "service_label_team", "payments", P + "service_labelpresent_team", "true"));
    assertThat(web.targets()).containsExactly(
        Map.of(LabelNames.ADDRESS, "web.shop.svc:80", P + "service_port_name", "http",
            P + "service_port_number", "80", P + "service_port_protocol", "TCP", P + "service_type", "ClusterIP",
            P + "service_cluster_ip", "10.96.0.10"),
        Map.of(LabelNames.ADDRESS, "web.shop.svc:9100", P + "service_port_name", "metrics",
            P + "service_port_number", "9100", P + "service_port_protocol", "TCP", P + "service_type", "ClusterIP",
            P + "service_cluster_ip", "10.96.0.10"));
    assertThat(group("svc/shop/ext").targets()).containsExactly(
        Map.of(LabelNames.ADDRESS, "ext.shop.svc:5432", P + "service_port_name", "",
            P + "service_port_number", "5432", P + "service_port_protocol", "TCP", P + "service_type", "ExternalName",
            P + "service_external_name", "db.example.com"));

    client.services().inNamespace("shop").withName("web").delete();
    assertThat(await(gs -> !hasGroup(gs, "svc/shop/web") && hasGroup(gs, "svc/shop/ext"))).isTrue();
  }

  // ------------------------------------------------------------------------------------ endpoints

  @Test
  void endpointsRoleJoinsPodAndServiceLabels() throws Exception {
    discover("role: endpoints");
    client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withNamespace("shop")
        .withName("web").addToLabels("team", "payments").endMetadata().withNewSpec()
        .addNewPort().withPort(80).endPort().endSpec().build()).create();
    client.pods().inNamespace("shop").resource(pod("shop", "web-1", "10.1.0.1").editSpec().editFirstContainer()
        .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
        .addNewPort().withName("admin").withContainerPort(9000).withProtocol("TCP").endPort().endContainer()
        .endSpec().build()).create();
    String podUid = client.pods().inNamespace("shop").withName("web-1").get().getMetadata().getUid();
    client.endpoints().inNamespace("shop").resource(new EndpointsBuilder().withNewMetadata().withNamespace("shop")
        .withName("web").endMetadata()
        .addNewSubset()
        .addNewAddress().withIp("10.1.0.1").withNodeName("node-a").withNewTargetRef().withKind("Pod")
        .withNamespace("shop").withName("web-1").endTargetRef().endAddress()
        .addNewNotReadyAddress().withIp("10.1.0.2").endNotReadyAddress()
        .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
        .endSubset().build()).create();
    String source = "endpoints/shop/web";
    assertThat(await(gs -> hasGroup(gs, source) && group(source).targets().size() == 3
        && group(source).labels().containsKey(P + "service_name")
        && group(source).targets().get(0).containsKey(P + "pod_name"))).isTrue();

    TargetGroup g = group(source);
    assertThat(g.labels()).isEqualTo(Map.of(P + "namespace", "shop", P + "endpoints_name", "web",
        P + "service_name", "web", P + "service_label_team", "payments", P + "service_labelpresent_team", "true"));
    Map<String, String> podLabels = Map.of(P + "pod_name", "web-1", P + "pod_ip", "10.1.0.1",
        P + "pod_ready", "unknown", P + "pod_phase", "Running", P + "pod_node_name", "node-a",
        P + "pod_host_ip", "192.168.0.10", P + "pod_uid", String.valueOf(podUid));
    Map<String, String> ready = new HashMap<>(podLabels);
    ready.putAll(Map.of(LabelNames.ADDRESS, "10.1.0.1:8080", P + "endpoint_port_name", "http",
        P + "endpoint_port_protocol", "TCP", P + "endpoint_ready", "true", P + "endpoint_address_target_kind", "Pod",
        P + "endpoint_address_target_name", "web-1", P + "endpoint_node_name", "node-a"));
    ready.putAll(Map.of(P + "pod_container_name", "app", P + "pod_container_image", "app:1",
        P + "pod_container_port_name", "http", P + "pod_container_port_number", "8080",
        P + "pod_container_port_protocol", "TCP", P + "pod_container_init", "false"));
    Map<String, String> notReady = Map.of(LabelNames.ADDRESS, "10.1.0.2:8080", P + "endpoint_port_name", "http",
        P + "endpoint_port_protocol", "TCP", P + "endpoint_ready", "false");
    // The pod's port not behind the service gets a target of its own.
    Map<String, String> admin = new HashMap<>(podLabels);
    admin.putAll(Map.of(LabelNames.ADDRESS, "10.1.0.1:9000", P + "pod_container_name", "app",
        P + "pod_container_image", "app:1", P + "pod_container_port_name", "admin",
        P + "pod_container_port_number", "9000", P + "pod_container_port_protocol", "TCP",
        P + "pod_container_init", "false"));
    assertThat(g.targets()).containsExactly(ready, notReady, admin);

    // A service change reaches the endpoints' group.
    client.services().inNamespace("shop").withName("web").edit(s -> new ServiceBuilder(s).editMetadata()
        .addToLabels("tier", "front").endMetadata().build());
    assertThat(await(gs -> "front".equals(group(source).labels().get(P + "service_label_tier")))).isTrue();
    client.endpoints().inNamespace("shop").withName("web").delete();
    assertThat(await(gs -> !hasGroup(gs, source))).isTrue();
  }

  @Test
  void endpointSliceRoleJoinsPodAndServiceLabels() throws Exception {
    discover("role: endpointslice");
    client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withNamespace("shop")
        .withName("web").endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
    client.discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
        .withNewMetadata().withNamespace("shop").withName("web-abc")
        .addToLabels(KubernetesGroups.SERVICE_NAME_LABEL, "web").endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint().withAddresses("10.1.0.7").withNewConditions().withReady(true).withServing(true)
        .withTerminating(false).endConditions().withNodeName("node-a").withZone("z1").endEndpoint()
        .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build()).create();
    String source = "endpointslice/shop/web-abc";
    assertThat(await(gs -> hasGroup(gs, source) && group(source).labels().containsKey(P + "service_name"))).isTrue();
    TargetGroup g = group(source);
    assertThat(g.labels()).isEqualTo(Map.of(P + "namespace", "shop", P + "endpointslice_name", "web-abc",
        P + "endpointslice_address_type", "IPv4", P + "endpointslice_label_kubernetes_io_service_name", "web",
        P + "endpointslice_labelpresent_kubernetes_io_service_name", "true", P + "service_name", "web"));
    assertThat(g.targets()).containsExactly(Map.of(LabelNames.ADDRESS, "10.1.0.7:8080",
        P + "endpointslice_port_name", "http", P + "endpointslice_port_protocol", "TCP",
        P + "endpointslice_port", "8080", P + "endpointslice_endpoint_conditions_ready", "true",
        P + "endpointslice_endpoint_conditions_serving", "true",
        P + "endpointslice_endpoint_conditions_terminating", "false",
        P + "endpointslice_endpoint_node_name", "node-a", P + "endpointslice_endpoint_zone", "z1"));
  }

  // ----------------------------------------------------------------------------------------- node

  @Test
  void nodeRoleTargetsTheKubeletOnTheInternalIp() throws Exception {
    discover("role: node");
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").addToLabels("topology.kubernetes.io/zone", "z1")
        .addToAnnotations("node.alpha/ttl", "0").endMetadata()
        .withNewSpec().withProviderID("aws:///z1/i-1").endSpec()
        .withNewStatus().addNewAddress().withType("Hostname").withAddress("node-a.internal").endAddress()
        .addNewAddress().withType("InternalIP").withAddress("192.168.0.10").endAddress()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
        .endStatus().build()).create();
    assertThat(await(gs -> hasGroup(gs, "node/node-a"))).isTrue();
    TargetGroup g = group("node/node-a");
    assertThat(g.labels()).isEqualTo(Map.of(P + "node_name", "node-a", P + "node_provider_id", "aws:///z1/i-1",
        P + "node_label_topology_kubernetes_io_zone", "z1", P + "node_labelpresent_topology_kubernetes_io_zone", "true",
        P + "node_annotation_node_alpha_ttl", "0", P + "node_annotationpresent_node_alpha_ttl", "true"));
    assertThat(g.targets()).containsExactly(Map.of(LabelNames.ADDRESS, "192.168.0.10:10250",
        LabelNames.INSTANCE, "node-a", P + "node_address_InternalIP", "192.168.0.10",
        P + "node_address_Hostname", "node-a.internal"));
    client.nodes().withName("node-a").delete();
    assertThat(await(gs -> !hasGroup(gs, "node/node-a"))).isTrue();
  }

  // ----------------------------------------------------------------------------- namespaces, selectors

  @Test
  void namespacesAndSelectorsLimitWhatIsWatched() throws Exception {
    discover("""
        role: pod
        namespaces: {names: [shop, web]}
        selectors:
          - role: pod
            label: app=web
        """);
    client.pods().inNamespace("shop").resource(pod("shop", "a", "10.0.0.1").editMetadata().addToLabels("app", "web")
        .endMetadata().build()).create();
    client.pods().inNamespace("web").resource(pod("web", "b", "10.0.0.2").editMetadata().addToLabels("app", "web")
        .endMetadata().build()).create();
    client.pods().inNamespace("other").resource(pod("other", "c", "10.0.0.3").editMetadata().addToLabels("app", "web")
        .endMetadata().build()).create();
    client.pods().inNamespace("shop").resource(pod("shop", "d", "10.0.0.4").editMetadata().addToLabels("app", "db")
        .endMetadata().build()).create();
    assertThat(await(gs -> gs.size() == 2)).isTrue();
    // A later event flushes everything discovered so far: nothing from "other" or with app=db arrived.
    client.pods().inNamespace("shop").resource(pod("shop", "e", "10.0.0.5").editMetadata().addToLabels("app", "web")
        .endMetadata().build()).create();
    assertThat(await(gs -> gs.size() == 3)).isTrue();
    assertThat(latest.get()).extracting(TargetGroup::source)
        .containsExactly("pod/shop/a", "pod/shop/e", "pod/web/b");
  }

  // ------------------------------------------------------------------------------ through the receiver

  @Test
  void relabelKeepOnTheScrapeAnnotationSelectsTargets() throws Exception {
    PrometheusReceiverConfig config = receiverConfig("""
        config:
          scrape_configs:
            - job_name: kubernetes-pods
              scrape_interval: 1s
              scrape_timeout: 500ms
              kubernetes_sd_configs: [{role: pod}]
              relabel_configs:
                - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                  action: keep
                  regex: "true"
                - source_labels: [__meta_kubernetes_pod_name]
                  target_label: pod
        """);
    PrometheusReceiver receiver = new PrometheusReceiver(
        TestSettings.of(Kind.RECEIVER, ComponentId.of("prometheus"), Logger.noop()), config,
        new SinkConsumer().metrics(), java.time.Clock.systemUTC(), c -> server.createClient());
    closeables.add(() -> receiver.shutdown(Duration.ofSeconds(5)));
    receiver.start(new NopHost());
    client.pods().inNamespace("shop").resource(pod("shop", "scraped", "127.0.0.1").editMetadata()
        .addToAnnotations("prometheus.io/scrape", "true").endMetadata().editSpec().editFirstContainer()
        .addNewPort().withContainerPort(1).endPort().endContainer().endSpec().build()).create();
    client.pods().inNamespace("shop").resource(pod("shop", "ignored", "127.0.0.2").editSpec().editFirstContainer()
        .addNewPort().withContainerPort(1).endPort().endContainer().endSpec().build()).create();
    client.pods().inNamespace("shop").resource(pod("shop", "opted-out", "127.0.0.3").editMetadata()
        .addToAnnotations("prometheus.io/scrape", "false").endMetadata().editSpec().editFirstContainer()
        .addNewPort().withContainerPort(1).endPort().endContainer().endSpec().build()).create();

    assertThat(awaitTargets(receiver, ts -> ts.size() == 1)).isTrue();
    Target t = receiver.targets().get("kubernetes-pods").get(0);
    assertThat(t.url().toString()).isEqualTo("http://127.0.0.1:1/metrics");
    assertThat(t.labels().toString()).contains("pod=scraped");

    client.pods().inNamespace("shop").withName("scraped").delete();
    assertThat(awaitTargets(receiver, List::isEmpty)).isTrue();
  }

  @Test
  void podDiscoveredTargetIsScrapedThroughACollector() throws Exception {
    PrometheusReceiverTest.FakeTarget target = new PrometheusReceiverTest.FakeTarget();
    closeables.add(target);
    target.page = "# TYPE requests_total counter\nrequests_total{path=\"/\"} 7\n";
    int port = Integer.parseInt(target.address().substring(target.address().lastIndexOf(':') + 1));
    client.pods().inNamespace("shop").resource(pod("shop", "web-1", "127.0.0.1").editMetadata()
        .addToAnnotations("prometheus.io/scrape", "true").endMetadata().editSpec().editFirstContainer()
        .addNewPort().withName("metrics").withContainerPort(port).endPort().endContainer().endSpec().build())
        .create();
    SinkConsumer sink = new SinkConsumer();
    String yaml = String.join("\n",
        "receivers:",
        "  prometheus:",
        "    config:",
        "      scrape_configs:",
        "        - job_name: kubernetes-pods",
        "          scrape_interval: 500ms",
        "          scrape_timeout: 400ms",
        "          kubernetes_sd_configs:",
        "            - role: pod",
        "              namespaces: {names: [shop]}",
        "          relabel_configs:",
        "            - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]",
        "              action: keep",
        "              regex: 'true'",
        "            - source_labels: [__meta_kubernetes_namespace]",
        "              target_label: namespace",
        "            - source_labels: [__meta_kubernetes_pod_name]",
        "              target_label: pod",
        "exporters:",
        "  sink:",
        "service:",
        "  pipelines:",
        "    metrics: {receivers: [prometheus], exporters: [sink]}",
        "");
    try (Collector collector = Collector.builder()
        .registry(ComponentRegistry.of(new PrometheusReceiverFactory(c -> server.createClient()),
            new SinkExporterFactory(sink)))
        .configYaml("config.yaml", yaml)
        .metricsAddress("127.0.0.1:0")
        .build()) {
      collector.start();
      assertThat(collector.awaitHealthy(WAIT)).isTrue();
      assertThat(sink.await(() -> requests(sink).isPresent(), WAIT)).isTrue();
    }
    ResourceMetrics rm = requests(sink).orElseThrow();
    assertThat(rm.getResource().getAttributesList()).extracting(kv -> kv.getKey() + "=" + kv.getValue().getStringValue())
        .contains("service.name=kubernetes-pods", "service.instance.id=127.0.0.1:" + port);
    Metric m = rm.getScopeMetrics(0).getMetricsList().stream().filter(x -> x.getName().equals("requests_total"))
        .findFirst().orElseThrow();
    assertThat(m.getSum().getDataPoints(0).getAsDouble()).isEqualTo(7);
    assertThat(m.getSum().getDataPoints(0).getAttributesList().stream()
        .collect(Collectors.toMap(kv -> kv.getKey(), kv -> kv.getValue().getStringValue())))
        .isEqualTo(Map.of("path", "/", "namespace", "shop", "pod", "web-1"));
  }

  private static java.util.Optional<ResourceMetrics> requests(SinkConsumer sink) {
    return sink.batchesOf(MetricsBatch.class).stream().flatMap(b -> b.resourceMetrics().stream())
        .filter(rm -> rm.getScopeMetricsList().stream().flatMap(sm -> sm.getMetricsList().stream())
            .anyMatch(m -> m.getName().equals("requests_total")))
        .findFirst();
  }

  private boolean awaitTargets(PrometheusReceiver receiver, Predicate<List<Target>> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.test(receiver.targets().getOrDefault("kubernetes-pods", List.of()))) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static PrometheusReceiverConfig receiverConfig(String yaml) {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml(yaml, "test.yaml", "receivers.prometheus", problems);
    PrometheusReceiverConfig config = PrometheusReceiverConfig.from(node);
    node.reportUnknownKeys();
    assertThat(problems.errors()).isEmpty();
    return config;
  }
}
