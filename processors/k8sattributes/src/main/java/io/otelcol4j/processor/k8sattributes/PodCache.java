package io.otelcol4j.processor.k8sattributes;

import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Association;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Source;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The pods (and the namespace, node, ReplicaSet and Job details extraction needs) known from the
 * API server, indexed by every key association looks them up by.
 *
 * <p>Writes come from the watch threads and are serialised on this object; reads (enrichment)
 * are lock-free over concurrent maps. Deleted objects stay for {@link #DELETE_GRACE_PERIOD}, as
 * upstream's hard-coded {@code podDeleteGracePeriod}, so data still in flight from a pod that just
 * went away is enriched; {@link #evictExpired()} removes them later.
 */
final class PodCache {
  /** How long deleted objects are kept, as upstream (not configurable there either). */
  static final Duration DELETE_GRACE_PERIOD = Duration.ofMinutes(2);
  /** Separates the values of a multi-source association key. */
  private static final char SEP = '\u0001';

  /** One index: pods by the values of an association's sources. */
  static final class Index {
    /** Normalised source names: "ip", "uid" or a resource attribute name. */
    final List<String> signature;
    final Map<String, PodRecord> pods;

    Index(List<String> signature, Map<String, PodRecord> pods) {
      this.signature = signature;
      this.pods = pods;
    }

    /** The keys {@code pod} is found by in this index; empty when a source has no value. */
    List<String> keys(PodRecord pod) {
      List<String> keys = List.of("");
      for (String s : signature) {
        List<String> values = values(pod, s);
        if (values.isEmpty()) {
          return List.of();
        }
        List<String> next = new ArrayList<>(keys.size() * values.size());
        for (String k : keys) {
          for (String v : values) {
            next.add(k.isEmpty() && signature.size() == 1 ? v : k + v + SEP);
          }
        }
        keys = next;
      }
      return keys;
    }

    private static List<String> values(PodRecord pod, String source) {
      switch (source) {
        case "ip":
          return pod.ip == null ? List.of() : List.of(pod.ip);
        case "uid":
          return List.of(pod.uid);
        case Attrs.K8S_POD_NAME:
          return List.of(pod.name);
        case Attrs.K8S_NAMESPACE_NAME:
          return List.of(pod.namespace);
        case Attrs.CONTAINER_ID: {
          List<String> ids = new ArrayList<>();
          for (PodRecord.Container c : pod.containers) {
            ids.addAll(List.of(c.ids));
          }
          return ids;
        }
        default: {
          String v = pod.attr(source);
          return v == null ? List.of() : List.of(v);
        }
      }
    }

    /** The lookup key for resolved source values, built as {@link #keys} builds them. */
    static String key(String[] values) {
      if (values.length == 1) {
        return values[0];
      }
      StringBuilder sb = new StringBuilder();
      for (String v : values) {
        sb.append(v).append(SEP);
      }
      return sb.toString();
    }
  }

  /** One compiled association: its sources and the index they look up. */
  static final class Matcher {
    final List<Source> sources;
    final Index index;

    Matcher(List<Source> sources, Index index) {
      this.sources = sources;
      this.index = index;
    }
  }

  private record Pending(long deadline, Runnable removal) {}

  private final Map<String, PodRecord> byUid = new ConcurrentHashMap<>();
  private final List<Index> indexes = new ArrayList<>();
  private final List<Matcher> matchers = new ArrayList<>();
  private final @Nullable Index ipIndex;
  private final Map<String, String[]> namespaces = new ConcurrentHashMap<>();
  private final Map<String, String[]> nodes = new ConcurrentHashMap<>();
  /** ReplicaSet uid → {deployment name, deployment uid}. */
  private final Map<String, String[]> replicaSets = new ConcurrentHashMap<>();
  /** Job uid → CronJob name. */
  private final Map<String, String> jobs = new ConcurrentHashMap<>();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // guarded by this
  private final LongSupplier nanoTime;
  private final long graceNanos;
  private final K8sTelemetry telemetry;

  PodCache(Rules rules, LongSupplier nanoTime, Duration grace, K8sTelemetry telemetry) {
    this.nanoTime = nanoTime;
    this.graceNanos = grace.toNanos();
    this.telemetry = telemetry;
    Map<List<String>, Index> bySignature = new LinkedHashMap<>();
    if (rules.associations.isEmpty()) {
      ipIndex = index(bySignature, List.of("ip"));
    } else {
      for (Association a : rules.associations) {
        List<String> signature = new ArrayList<>();
        for (Source s : a.sources()) {
          signature.add(normalise(s));
        }
        matchers.add(new Matcher(a.sources(), index(bySignature, List.copyOf(signature))));
      }
      ipIndex = bySignature.get(List.of("ip"));
    }
  }

  private Index index(Map<List<String>, Index> bySignature, List<String> signature) {
    return bySignature.computeIfAbsent(signature, s -> {
      // Pods by uid are the primary map; an association by uid alone uses it directly.
      Index i = new Index(s, s.equals(List.of("uid")) ? byUid : new ConcurrentHashMap<>());
      if (i.pods != byUid) {
        indexes.add(i);
      }
      return i;
    });
  }

  /** IP-valued sources share one index; {@code k8s.pod.uid} uses the primary map. */
  private static String normalise(Source s) {
    if (s.from().equals(Source.CONNECTION)) {
      return "ip";
    }
    switch (s.name()) {
      case Attrs.K8S_POD_IP:
      case Attrs.HOST_NAME:
        return "ip";
      case Attrs.K8S_POD_UID:
        return "uid";
      default:
        return s.name();
    }
  }

  /** The configured associations in order; empty for upstream's default association. */
  List<Matcher> matchers() {
    return matchers;
  }

  /** Pods by IP, for the default association; null when no association uses IPs. */
  @Nullable PodRecord byIp(String ip) {
    return ipIndex == null ? null : ipIndex.pods.get(ip);
  }

  @Nullable PodRecord byUid(String uid) {
    return byUid.get(uid);
  }

  int podCount() {
    return byUid.size();
  }

  /** Adds or replaces a pod. */
  synchronized void upsertPod(PodRecord pod) {
    PodRecord old = byUid.put(pod.uid, pod);
    for (Index index : indexes) {
      for (String key : index.keys(pod)) {
        // An IP reused by a new pod must not be taken back by a late event of the old one.
        index.pods.merge(key, pod, (cur, neu) ->
            cur.uid.equals(neu.uid) || neu.created.compareTo(cur.created) >= 0 ? neu : cur);
      }
      if (old != null) {
        for (String key : index.keys(old)) {
          index.pods.remove(key, old);
        }
      }
    }
    (old == null ? telemetry.podAdded : telemetry.podUpdated).add(1);
  }

  /** Forgets a pod now, e.g. when an update made it excluded. */
  synchronized void removePod(String uid) {
    PodRecord pod = byUid.get(uid);
    if (pod != null) {
      removeNow(pod);
    }
  }

  /** Forgets a pod after the grace period. */
  synchronized void deletePod(String uid) {
    telemetry.podDeleted.add(1);
    PodRecord pod = byUid.get(uid);
    if (pod != null) {
      later(() -> removeNow(pod));
    }
  }

  private void removeNow(PodRecord pod) {
    byUid.remove(pod.uid, pod);
    for (Index index : indexes) {
      for (String key : index.keys(pod)) {
        index.pods.remove(key, pod);
      }
    }
  }

  synchronized void upsertNamespace(String name, String[] attrs) {
    (namespaces.put(name, attrs) == null ? telemetry.namespaceAdded : telemetry.namespaceUpdated).add(1);
  }

  synchronized void deleteNamespace(String name) {
    telemetry.namespaceDeleted.add(1);
    String[] attrs = namespaces.get(name);
    if (attrs != null) {
      later(() -> namespaces.remove(name, attrs));
    }
  }

  @Nullable String[] namespace(String name) {
    return namespaces.get(name);
  }

  synchronized void upsertNode(String name, String[] attrs) {
    (nodes.put(name, attrs) == null ? telemetry.nodeAdded : telemetry.nodeUpdated).add(1);
  }

  synchronized void deleteNode(String name) {
    telemetry.nodeDeleted.add(1);
    String[] attrs = nodes.get(name);
    if (attrs != null) {
      later(() -> nodes.remove(name, attrs));
    }
  }

  @Nullable String[] node(String name) {
    return nodes.get(name);
  }

  /** Records a ReplicaSet's Deployment owner: {deployment name, deployment uid}, or null when it has none. */
  synchronized void upsertReplicaSet(String uid, @Nullable String[] deployment, boolean update) {
    (update ? telemetry.replicaSetUpdated : telemetry.replicaSetAdded).add(1);
    if (deployment == null) {
      replicaSets.remove(uid);
    } else {
      replicaSets.put(uid, deployment);
    }
  }

  synchronized void deleteReplicaSet(String uid) {
    telemetry.replicaSetDeleted.add(1);
    String[] d = replicaSets.get(uid);
    if (d != null) {
      later(() -> replicaSets.remove(uid, d));
    }
  }

  @Nullable String[] deploymentOf(String replicaSetUid) {
    return replicaSets.get(replicaSetUid);
  }

  synchronized void upsertJob(String uid, @Nullable String cronJob, boolean update) {
    (update ? telemetry.jobUpdated : telemetry.jobAdded).add(1);
    if (cronJob == null) {
      jobs.remove(uid);
    } else {
      jobs.put(uid, cronJob);
    }
  }

  synchronized void deleteJob(String uid) {
    telemetry.jobDeleted.add(1);
    String c = jobs.get(uid);
    if (c != null) {
      later(() -> jobs.remove(uid, c));
    }
  }

  @Nullable String cronJobOf(String jobUid) {
    return jobs.get(jobUid);
  }

  private void later(Runnable removal) {
    pending.addLast(new Pending(nanoTime.getAsLong() + graceNanos, removal));
  }

  /** Removes the deleted objects whose grace period is over; returns how many. */
  synchronized int evictExpired() {
    long now = nanoTime.getAsLong();
    int n = 0;
    while (!pending.isEmpty() && pending.peekFirst().deadline() - now <= 0) {
      pending.pollFirst().removal().run();
      n++;
    }
    return n;
  }
}
