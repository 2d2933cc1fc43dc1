package io.otelcol4j.processor.k8sattributes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Turns a Kubernetes Pod into the compact {@link PodRecord}, keeping only what the rules need. */
final class PodConverter {
  /** Pods annotated so are never associated, as upstream. */
  static final String IGNORE_ANNOTATION = "opentelemetry.io/k8s-processor/ignore";
  private static final Pattern DEPLOYMENT_HASH_SUFFIX = Pattern.compile("^(.+)-[a-z0-9]+$");

  private final Rules rules;

  PodConverter(Rules rules) {
    this.rules = rules;
  }

  /** The record for {@code pod}, or null when the pod is excluded or ignored. */
  @Nullable PodRecord convert(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    if (meta == null || meta.getUid() == null || meta.getName() == null) {
      return null;
    }
    String name = meta.getName();
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && "true".equalsIgnoreCase(trim(annotations.get(IGNORE_ANNOTATION)))) {
      return null;
    }
    for (Pattern p : rules.excludes) {
      if (p.matcher(name).find()) {
        return null;
      }
    }
    String namespace = intern(meta.getNamespace() == null ? "" : meta.getNamespace());
    PodSpec spec = pod.getSpec();
    PodStatus status = pod.getStatus();
    boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
    String ip = status == null || hostNetwork || isEmpty(status.getPodIP()) ? null : status.getPodIP();
    String nodeName = spec == null || isEmpty(spec.getNodeName()) ? null : intern(spec.getNodeName());
    String created = meta.getCreationTimestamp() == null ? "" : meta.getCreationTimestamp();

    List<String> attrs = new ArrayList<>(16);
    put(attrs, Attrs.K8S_POD_NAME, name);
    put(attrs, Attrs.K8S_POD_UID, meta.getUid());
    put(attrs, Attrs.K8S_NAMESPACE_NAME, namespace);
    put(attrs, Attrs.K8S_POD_START_TIME, created);
    put(attrs, Attrs.K8S_NODE_NAME, nodeName);
    put(attrs, Attrs.K8S_POD_IP, status == null ? null : status.getPodIP());
    put(attrs, Attrs.K8S_POD_HOSTNAME, spec == null ? null : spec.getHostname());

    String replicaSetUid = null;
    String jobUid = null;
    if (meta.getOwnerReferences() != null) {
      for (OwnerReference ref : meta.getOwnerReferences()) {
        String kind = ref.getKind();
        if (kind == null) {
          continue;
        }
        switch (kind) {
          case "ReplicaSet":
            put(attrs, Attrs.K8S_REPLICASET_NAME, internOrNull(ref.getName()));
            put(attrs, Attrs.K8S_REPLICASET_UID, internOrNull(ref.getUid()));
            if (rules.watchReplicaSets()) {
              replicaSetUid = internOrNull(ref.getUid());
            }
            if (rules.deploymentFromReplicaSet && rules.has(Attrs.K8S_DEPLOYMENT_NAME)) {
              put(attrs, Attrs.K8S_DEPLOYMENT_NAME, deploymentFromReplicaSet(ref.getName(), meta.getLabels()));
            }
            break;
          case "StatefulSet":
            put(attrs, Attrs.K8S_STATEFULSET_NAME, internOrNull(ref.getName()));
            put(attrs, Attrs.K8S_STATEFULSET_UID, internOrNull(ref.getUid()));
            break;
          case "DaemonSet":
            put(attrs, Attrs.K8S_DAEMONSET_NAME, internOrNull(ref.getName()));
            put(attrs, Attrs.K8S_DAEMONSET_UID, internOrNull(ref.getUid()));
            break;
          case "Job":
            put(attrs, Attrs.K8S_JOB_NAME, internOrNull(ref.getName()));
            put(attrs, Attrs.K8S_JOB_UID, internOrNull(ref.getUid()));
            if (rules.watchJobs()) {
              jobUid = internOrNull(ref.getUid());
            }
            break;
          default:
            break;
        }
      }
    }
    List<String> extracted = new ArrayList<>();
    for (FieldRule r : rules.podRules) {
      r.extract(r.fromLabels ? meta.getLabels() : annotations, extracted);
    }
    attrs.addAll(extracted);
    String[] attrArray = attrs.isEmpty() ? PodRecord.NO_ATTRS : attrs.toArray(new String[0]);
    PodRecord.Container[] containers = rules.containers ? containers(spec, status) : PodRecord.NO_CONTAINERS;
    return new PodRecord(meta.getUid(), namespace, name, ip, created, nodeName, attrArray, replicaSetUid, jobUid,
        containers);
  }

  private void put(List<String> attrs, String attr, @Nullable String value) {
    if (value != null && !value.isEmpty() && rules.has(attr)) {
      attrs.add(attr);
      attrs.add(value);
    }
  }

  /** {@code my-app-5d8f7b9c4} with label {@code pod-template-hash: 5d8f7b9c4} is Deployment {@code my-app}. */
  static @Nullable String deploymentFromReplicaSet(@Nullable String replicaSet, @Nullable Map<String, String> labels) {
    if (replicaSet == null) {
      return null;
    }
    String hash = labels == null ? null : labels.get("pod-template-hash");
    if (hash != null && !hash.isEmpty() && replicaSet.endsWith("-" + hash)) {
      return intern(replicaSet.substring(0, replicaSet.length() - hash.length() - 1));
    }
    var m = DEPLOYMENT_HASH_SUFFIX.matcher(replicaSet);
    return m.matches() ? intern(m.group(1)) : null;
  }

  private PodRecord.Container[] containers(@Nullable PodSpec spec, @Nullable PodStatus status) {
    if (spec == null) {
      return PodRecord.NO_CONTAINERS;
    }
    Map<String, List<ContainerStatus>> statuses = new HashMap<>();
    if (status != null) {
      for (List<ContainerStatus> list : List.of(nonNull(status.getContainerStatuses()),
          nonNull(status.getInitContainerStatuses()))) {
        for (ContainerStatus s : list) {
          statuses.computeIfAbsent(s.getName(), k -> new ArrayList<>(1)).add(s);
        }
      }
    }
    List<PodRecord.Container> out = new ArrayList<>();
    for (List<Container> list : List.of(nonNull(spec.getContainers()), nonNull(spec.getInitContainers()))) {
      for (Container c : list) {
        out.add(container(c, statuses.get(c.getName())));
      }
    }
    return out.toArray(PodRecord.NO_CONTAINERS);
  }

  private PodRecord.Container container(Container c, @Nullable List<ContainerStatus> statuses) {
    String imageName = null;
    String imageTag = null;
    if (c.getImage() != null && !c.getImage().isEmpty()) {
      String[] parsed = parseImage(c.getImage());
      imageName = rules.has(Attrs.CONTAINER_IMAGE_NAME) ? intern(parsed[0]) : null;
      imageTag = rules.has(Attrs.CONTAINER_IMAGE_TAG) ? intern(parsed[1]) : null;
    }
    List<String> ids = new ArrayList<>(2);
    List<Integer> runs = new ArrayList<>(2);
    if (statuses != null) {
      for (ContainerStatus s : statuses) {
        int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
        addId(ids, runs, s.getContainerID(), restarts);
        if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
          addId(ids, runs, s.getLastState().getTerminated().getContainerID(), restarts - 1);
        }
      }
    }
    int[] runArray = new int[runs.size()];
    for (int i = 0; i < runArray.length; i++) {
      runArray[i] = runs.get(i);
    }
    return new PodRecord.Container(intern(c.getName() == null ? "" : c.getName()), imageName, imageTag, ids.toArray(new String[0]), runArray);
  }

  private static void addId(List<String> ids, List<Integer> runs, @Nullable String containerId, int run) {
    if (containerId == null || containerId.isEmpty() || run < 0) {
      return;
    }
    // "containerd://abc…" → "abc…", as upstream.
    int sep = containerId.indexOf("://");
    ids.add(sep >= 0 ? containerId.substring(sep + 3) : containerId);
    runs.add(run);
  }

  /**
   * Splits an image reference into name and tag: {@code ghcr.io/a/b:1.2@sha256:…} gives
   * {@code ghcr.io/a/b} and {@code 1.2}; without tag or digest the tag is {@code latest}; with
   * only a digest it is empty.
   */
  static String[] parseImage(String image) {
    String ref = image;
    boolean digest = false;
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
      digest = true;
    }
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) {
      return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
    }
    return new String[] {ref, digest ? "" : "latest"};
  }

  private static <T> List<T> nonNull(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  private static boolean isEmpty(@Nullable String s) {
    return s == null || s.isEmpty();
  }

  private static @Nullable String trim(@Nullable String s) {
    return s == null ? null : s.trim();
  }

  static String intern(String s) {
    return s.intern();
  }

  static @Nullable String internOrNull(@Nullable String s) {
    return s == null ? null : s.intern();
  }
}
