package io.otelcol4j.receiver.prometheus;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns Kubernetes objects into target groups with exactly Prometheus's {@code __meta_kubernetes_*}
 * labels ({@code discovery/kubernetes/{pod,service,endpoints,endpointslice,node}.go}).
 */
final class KubernetesGroups {
  static final String PREFIX = "__meta_kubernetes_";
  static final String NAMESPACE = PREFIX + "namespace";
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final String PRESENT = "true";
  private static final Pattern INVALID = Pattern.compile("[^a-zA-Z0-9_]");
  // Prometheus's nodeAddress priority.
  private static final List<String> NODE_ADDRESS_PRIORITY =
      List.of("InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname");

  private KubernetesGroups() {}

  /** Looks up a namespaced object by namespace and name; null when unknown. */
  interface Lookup<T> extends BiFunction<String, String, @Nullable T> {}

  /** Prometheus's {@code strutil.SanitizeLabelName}: every invalid character becomes {@code _}. */
  static String sanitize(String name) {
    return INVALID.matcher(name).replaceAll("_");
  }

  static String lv(@Nullable Object v) {
    return v == null ? "" : String.valueOf(v);
  }

  static String hostPort(String host, Object port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  static void addObjectMeta(Map<String, String> ls, ObjectMeta meta, String role) {
    ls.put(PREFIX + role + "_name", lv(meta.getName()));
    if (meta.getLabels() != null) {
      meta.getLabels().forEach((k, v) -> {
        String n = sanitize(k);
        ls.put(PREFIX + role + "_label_" + n, lv(v));
        ls.put(PREFIX + role + "_labelpresent_" + n, PRESENT);
      });
    }
    if (meta.getAnnotations() != null) {
      meta.getAnnotations().forEach((k, v) -> {
        String n = sanitize(k);
        ls.put(PREFIX + role + "_annotation_" + n, lv(v));
        ls.put(PREFIX + role + "_annotationpresent_" + n, PRESENT);
      });
    }
  }

  // ------------------------------------------------------------------------------------------ pod

  static String podSource(String namespace, String name) {
    return "pod/" + namespace + "/" + name;
  }

  static Map<String, String> podLabels(Pod pod) {
    Map<String, String> ls = new HashMap<>();
    var status = pod.getStatus();
    ls.put(PREFIX + "pod_ip", status == null ? "" : lv(status.getPodIP()));
    ls.put(PREFIX + "pod_ready", podReady(pod));
    ls.put(PREFIX + "pod_phase", status == null ? "" : lv(status.getPhase()));
    ls.put(PREFIX + "pod_node_name", pod.getSpec() == null ? "" : lv(pod.getSpec().getNodeName()));
    ls.put(PREFIX + "pod_host_ip", status == null ? "" : lv(status.getHostIP()));
    ls.put(PREFIX + "pod_uid", lv(pod.getMetadata().getUid()));
    addObjectMeta(ls, pod.getMetadata(), "pod");
    if (pod.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference o : pod.getMetadata().getOwnerReferences()) {
        if (Boolean.TRUE.equals(o.getController())) {
          if (o.getKind() != null && !o.getKind().isEmpty()) {
            ls.put(PREFIX + "pod_controller_kind", o.getKind());
          }
          if (o.getName() != null && !o.getName().isEmpty()) {
            ls.put(PREFIX + "pod_controller_name", o.getName());
          }
          break;
        }
      }
    }
    return ls;
  }

  private static String podReady(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("Ready".equals(c.getType())) {
          return lv(c.getStatus()).toLowerCase(java.util.Locale.ROOT);
        }
      }
    }
    return "unknown";
  }

  /** Containers then init containers, as Prometheus iterates them. */
  private static List<Container> containers(Pod pod) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec() != null) {
      all.addAll(pod.getSpec().getContainers());
      all.addAll(pod.getSpec().getInitContainers());
    }
    return all;
  }

  private static int regularContainers(Pod pod) {
    return pod.getSpec() == null ? 0 : pod.getSpec().getContainers().size();
  }

  private static String containerId(Pod pod, Container c, boolean init) {
    if (pod.getStatus() == null) {
      return "";
    }
    List<ContainerStatus> statuses = init ? pod.getStatus().getInitContainerStatuses()
        : pod.getStatus().getContainerStatuses();
    for (ContainerStatus s : statuses) {
      if (c.getName().equals(s.getName())) {
        return lv(s.getContainerID());
      }
    }
    return "";
  }

  /** One target per container port, or one per container without ports (address = pod IP). */
  static TargetGroup pod(Pod pod) {
    String ns = lv(pod.getMetadata().getNamespace());
    String source = podSource(ns, pod.getMetadata().getName());
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) {
      return new TargetGroup(source, List.of(), Map.of());
    }
    Map<String, String> labels = podLabels(pod);
    labels.put(NAMESPACE, ns);
    List<Map<String, String>> targets = new ArrayList<>();
    List<Container> containers = containers(pod);
    int regular = regularContainers(pod);
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      boolean init = i >= regular;
      if (c.getPorts().isEmpty()) {
        Map<String, String> t = new HashMap<>();
        t.put(LabelNames.ADDRESS, ip);
        t.put(PREFIX + "pod_container_name", lv(c.getName()));
        t.put(PREFIX + "pod_container_id", containerId(pod, c, init));
        t.put(PREFIX + "pod_container_image", lv(c.getImage()));
        t.put(PREFIX + "pod_container_init", String.valueOf(init));
        targets.add(t);
        continue;
      }
      for (ContainerPort p : c.getPorts()) {
        String port = lv(p.getContainerPort());
        Map<String, String> t = new HashMap<>();
        t.put(LabelNames.ADDRESS, hostPort(ip, port));
        t.put(PREFIX + "pod_container_name", lv(c.getName()));
        t.put(PREFIX + "pod_container_id", containerId(pod, c, init));
        t.put(PREFIX + "pod_container_image", lv(c.getImage()));
        t.put(PREFIX + "pod_container_port_number", port);
        t.put(PREFIX + "pod_container_port_name", lv(p.getName()));
        t.put(PREFIX + "pod_container_port_protocol", lv(p.getProtocol()));
        t.put(PREFIX + "pod_container_init", String.valueOf(init));
        targets.add(t);
      }
    }
    return new TargetGroup(source, targets, labels);
  }

  // -------------------------------------------------------------------------------------- service

  static String serviceSource(String namespace, String name) {
    return "svc/" + namespace + "/" + name;
  }

  static Map<String, String> serviceLabels(Service svc) {
    Map<String, String> ls = new HashMap<>();
    ls.put(NAMESPACE, lv(svc.getMetadata().getNamespace()));
    addObjectMeta(ls, svc.getMetadata(), "service");
    return ls;
  }

  /** One target per service port: {@code <name>.<namespace>.svc:<port>}. */
  static TargetGroup service(Service svc) {
    String ns = lv(svc.getMetadata().getNamespace());
    String name = lv(svc.getMetadata().getName());
    List<Map<String, String>> targets = new ArrayList<>();
    var spec = svc.getSpec();
    if (spec != null) {
      String type = lv(spec.getType());
      for (ServicePort p : spec.getPorts()) {
        Map<String, String> t = new HashMap<>();
        t.put(LabelNames.ADDRESS, hostPort(name + "." + ns + ".svc", lv(p.getPort())));
        t.put(PREFIX + "service_port_name", lv(p.getName()));
        t.put(PREFIX + "service_port_number", lv(p.getPort()));
        t.put(PREFIX + "service_port_protocol", lv(p.getProtocol()));
        t.put(PREFIX + "service_type", type);
        if ("ExternalName".equals(type)) {
          t.put(PREFIX + "service_external_name", lv(spec.getExternalName()));
        } else {
          t.put(PREFIX + "service_cluster_ip", lv(spec.getClusterIP()));
        }
        if ("LoadBalancer".equals(type)) {
          t.put(PREFIX + "service_loadbalancer_ip", lv(spec.getLoadBalancerIP()));
        }
        targets.add(t);
      }
    }
    return new TargetGroup(serviceSource(ns, name), targets, serviceLabels(svc));
  }

  // ------------------------------------------------------------------------------------ endpoints

  static String endpointsSource(String namespace, String name) {
    return "endpoints/" + namespace + "/" + name;
  }

  /** Targets of one pod seen through endpoints, so its uncovered container ports can be added. */
  private static final class SeenPod {
    final Pod pod;
    final List<Integer> ports = new ArrayList<>();

    SeenPod(Pod pod) {
      this.pod = pod;
    }
  }

  private static @Nullable Pod resolvePod(@Nullable ObjectReference ref, Lookup<Pod> pods) {
    if (ref == null || !"Pod".equals(ref.getKind())) {
      return null;
    }
    return pods.apply(lv(ref.getNamespace()), lv(ref.getName()));
  }

  /** Adds pod labels and the container port matching {@code port}; records the port as seen. */
  private static void addPod(Map<String, String> target, Pod pod, @Nullable Integer port, @Nullable String protocol,
      Map<String, SeenPod> seen) {
    SeenPod sp = seen.computeIfAbsent(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
        k -> new SeenPod(pod));
    target.putAll(podLabels(pod));
    List<Container> containers = containers(pod);
    int regular = regularContainers(pod);
    outer:
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      for (ContainerPort cp : c.getPorts()) {
        if (port != null && port.equals(cp.getContainerPort())) {
          target.put(PREFIX + "pod_container_name", lv(c.getName()));
          target.put(PREFIX + "pod_container_image", lv(c.getImage()));
          target.put(PREFIX + "pod_container_port_name", lv(cp.getName()));
          target.put(PREFIX + "pod_container_port_number", lv(port));
          target.put(PREFIX + "pod_container_port_protocol", lv(protocol));
          target.put(PREFIX + "pod_container_init", String.valueOf(i >= regular));
          break outer;
        }
      }
    }
    if (port != null) {
      sp.ports.add(port);
    }
  }

  /** For each pod seen, a target per container port no endpoint port covered. */
  private static void addUncoveredPorts(Map<String, SeenPod> seen, List<Map<String, String>> targets) {
    for (SeenPod sp : seen.values()) {
      String ip = sp.pod.getStatus() == null ? null : sp.pod.getStatus().getPodIP();
      if (ip == null || ip.isEmpty()) {
        continue;
      }
      List<Container> containers = containers(sp.pod);
      int regular = regularContainers(sp.pod);
      for (int i = 0; i < containers.size(); i++) {
        Container c = containers.get(i);
        for (ContainerPort cp : c.getPorts()) {
          if (sp.ports.contains(cp.getContainerPort())) {
            continue;
          }
          Map<String, String> t = new HashMap<>(podLabels(sp.pod));
          t.put(LabelNames.ADDRESS, hostPort(ip, lv(cp.getContainerPort())));
          t.put(PREFIX + "pod_container_name", lv(c.getName()));
          t.put(PREFIX + "pod_container_image", lv(c.getImage()));
          t.put(PREFIX + "pod_container_port_name", lv(cp.getName()));
          t.put(PREFIX + "pod_container_port_number", lv(cp.getContainerPort()));
          t.put(PREFIX + "pod_container_port_protocol", lv(cp.getProtocol()));
          t.put(PREFIX + "pod_container_init", String.valueOf(i >= regular));
          targets.add(t);
        }
      }
    }
  }

  /** One target per address and port, with pod and service labels where they resolve. */
  static TargetGroup endpoints(Endpoints eps, Lookup<Service> services, Lookup<Pod> pods) {
    String ns = lv(eps.getMetadata().getNamespace());
    String name = lv(eps.getMetadata().getName());
    Map<String, String> labels = new HashMap<>();
    labels.put(NAMESPACE, ns);
    Service svc = services.apply(ns, name);
    if (svc != null) {
      labels.putAll(serviceLabels(svc));
    }
    addObjectMeta(labels, eps.getMetadata(), "endpoints");
    List<Map<String, String>> targets = new ArrayList<>();
    Map<String, SeenPod> seen = new LinkedHashMap<>();
    for (EndpointSubset ss : eps.getSubsets()) {
      for (EndpointPort port : ss.getPorts()) {
        for (EndpointAddress addr : ss.getAddresses()) {
          targets.add(endpointTarget(addr, port, "true", pods, seen));
        }
        for (EndpointAddress addr : ss.getNotReadyAddresses()) {
          targets.add(endpointTarget(addr, port, "false", pods, seen));
        }
      }
    }
    addUncoveredPorts(seen, targets);
    return new TargetGroup(endpointsSource(ns, name), targets, labels);
  }

  private static Map<String, String> endpointTarget(EndpointAddress addr, EndpointPort port, String ready,
      Lookup<Pod> pods, Map<String, SeenPod> seen) {
    Map<String, String> t = new HashMap<>();
    t.put(LabelNames.ADDRESS, hostPort(lv(addr.getIp()), lv(port.getPort())));
    t.put(PREFIX + "endpoint_port_name", lv(port.getName()));
    t.put(PREFIX + "endpoint_port_protocol", lv(port.getProtocol()));
    t.put(PREFIX + "endpoint_ready", ready);
    if (addr.getTargetRef() != null) {
      t.put(PREFIX + "endpoint_address_target_kind", lv(addr.getTargetRef().getKind()));
      t.put(PREFIX + "endpoint_address_target_name", lv(addr.getTargetRef().getName()));
    }
    if (addr.getNodeName() != null) {
      t.put(PREFIX + "endpoint_node_name", addr.getNodeName());
    }
    if (addr.getHostname() != null && !addr.getHostname().isEmpty()) {
      t.put(PREFIX + "endpoint_hostname", addr.getHostname());
    }
    Pod pod = resolvePod(addr.getTargetRef(), pods);
    if (pod != null) {
      addPod(t, pod, port.getPort(), port.getProtocol(), seen);
    }
    return t;
  }

  // -------------------------------------------------------------------------------- endpointslice

  static String endpointSliceSource(String namespace, String name) {
    return "endpointslice/" + namespace + "/" + name;
  }

  /** One target per endpoint address and port, with pod and service labels where they resolve. */
  static TargetGroup endpointSlice(EndpointSlice eps, Lookup<Service> services, Lookup<Pod> pods) {
    String ns = lv(eps.getMetadata().getNamespace());
    String name = lv(eps.getMetadata().getName());
    Map<String, String> labels = new HashMap<>();
    labels.put(NAMESPACE, ns);
    labels.put(PREFIX + "endpointslice_address_type", lv(eps.getAddressType()));
    addObjectMeta(labels, eps.getMetadata(), "endpointslice");
    Map<String, String> metaLabels = eps.getMetadata().getLabels();
    String serviceName = metaLabels == null ? null : metaLabels.get(SERVICE_NAME_LABEL);
    if (serviceName != null) {
      Service svc = services.apply(ns, serviceName);
      if (svc != null) {
        labels.putAll(serviceLabels(svc));
      }
    }
    List<Map<String, String>> targets = new ArrayList<>();
    Map<String, SeenPod> seen = new LinkedHashMap<>();
    for (Endpoint ep : eps.getEndpoints()) {
      for (var port : eps.getPorts()) {
        for (String addr : ep.getAddresses()) {
          Map<String, String> t = new HashMap<>();
          t.put(LabelNames.ADDRESS, port.getPort() == null ? addr : hostPort(addr, port.getPort()));
          if (port.getName() != null) {
            t.put(PREFIX + "endpointslice_port_name", port.getName());
          }
          if (port.getProtocol() != null) {
            t.put(PREFIX + "endpointslice_port_protocol", port.getProtocol());
          }
          if (port.getPort() != null) {
            t.put(PREFIX + "endpointslice_port", lv(port.getPort()));
          }
          if (port.getAppProtocol() != null) {
            t.put(PREFIX + "endpointslice_port_app_protocol", port.getAppProtocol());
          }
          EndpointConditions c = ep.getConditions();
          if (c != null) {
            putBool(t, "endpointslice_endpoint_conditions_ready", c.getReady());
            putBool(t, "endpointslice_endpoint_conditions_serving", c.getServing());
            putBool(t, "endpointslice_endpoint_conditions_terminating", c.getTerminating());
          }
          if (ep.getHostname() != null) {
            t.put(PREFIX + "endpointslice_endpoint_hostname", ep.getHostname());
          }
          if (ep.getTargetRef() != null) {
            t.put(PREFIX + "endpointslice_address_target_kind", lv(ep.getTargetRef().getKind()));
            t.put(PREFIX + "endpointslice_address_target_name", lv(ep.getTargetRef().getName()));
          }
          if (ep.getNodeName() != null) {
            t.put(PREFIX + "endpointslice_endpoint_node_name", ep.getNodeName());
          }
          if (ep.getZone() != null) {
            t.put(PREFIX + "endpointslice_endpoint_zone", ep.getZone());
          }
          if (ep.getDeprecatedTopology() != null) {
            ep.getDeprecatedTopology().forEach((k, v) -> {
              t.put(PREFIX + "endpointslice_endpoint_topology_" + sanitize(k), lv(v));
              t.put(PREFIX + "endpointslice_endpoint_topology_present_" + sanitize(k), PRESENT);
            });
          }
          Pod pod = resolvePod(ep.getTargetRef(), pods);
          if (pod != null) {
            addPod(t, pod, port.getPort(), port.getProtocol(), seen);
          }
          targets.add(t);
        }
      }
    }
    addUncoveredPorts(seen, targets);
    return new TargetGroup(endpointSliceSource(ns, name), targets, labels);
  }

  private static void putBool(Map<String, String> t, String name, @Nullable Boolean v) {
    if (v != null) {
      t.put(PREFIX + name, String.valueOf(v));
    }
  }

  // ----------------------------------------------------------------------------------------- node

  static String nodeSource(String name) {
    return "node/" + name;
  }

  /** One target {@code <address>:<kubelet port>} with instance = node name; null when no address. */
  static @Nullable TargetGroup node(Node node) {
    String name = lv(node.getMetadata().getName());
    Map<String, String> labels = new HashMap<>();
    labels.put(PREFIX + "node_provider_id", node.getSpec() == null ? "" : lv(node.getSpec().getProviderID()));
    addObjectMeta(labels, node.getMetadata(), "node");
    Map<String, String> byType = new LinkedHashMap<>();
    if (node.getStatus() != null) {
      for (NodeAddress a : node.getStatus().getAddresses()) {
        byType.putIfAbsent(lv(a.getType()), lv(a.getAddress()));
      }
    }
    String address = null;
    for (String type : NODE_ADDRESS_PRIORITY) {
      if (byType.containsKey(type)) {
        address = byType.get(type);
        break;
      }
    }
    if (address == null) {
      return null;
    }
    Integer port = null;
    if (node.getStatus().getDaemonEndpoints() != null
        && node.getStatus().getDaemonEndpoints().getKubeletEndpoint() != null) {
      port = node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
    }
    Map<String, String> t = new HashMap<>();
    t.put(LabelNames.ADDRESS, hostPort(address, port == null ? 0 : port));
    t.put(LabelNames.INSTANCE, name);
    byType.forEach((type, a) -> t.put(sanitize(PREFIX + "node_address_" + type), a));
    return new TargetGroup(nodeSource(name), List.of(t), labels);
  }
}
