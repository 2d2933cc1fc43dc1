package io.otelcol4j.processor.k8sattributes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.FieldFilter;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Filter;
import io.otelcol4j.telemetry.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Watches the API server (one informer per kind needed) and feeds {@link PodCache}. Each object
 * is turned into a compact record in the event handler and dropped; the informers keep only
 * skeletons ({@link SkeletonStore}).
 */
final class KubeWatcher implements AutoCloseable {
  private final KubernetesClient client;
  private final Rules rules;
  private final PodCache cache;
  private final PodConverter converter;
  private final Filter filter;
  /** The node pods are filtered by (from {@code node} or {@code node_from_env_var}); empty for all. */
  private final String node;
  private final Logger logger;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final List<CompletableFuture<Void>> synced = new ArrayList<>();

  KubeWatcher(KubernetesClient client, Rules rules, PodCache cache, Filter filter, String node, Logger logger) {
    this.client = client;
    this.rules = rules;
    this.cache = cache;
    this.converter = new PodConverter(rules);
    this.filter = filter;
    this.node = node;
    this.logger = logger;
  }

  /** Starts every informer; the future completes when all have listed once. Does not block. */
  CompletableFuture<Void> start() {
    FilterWatchListDeletable<Pod, PodList, PodResource> pods = filter.namespace().isEmpty()
        ? client.pods().inAnyNamespace() : client.pods().inNamespace(filter.namespace());
    if (!node.isEmpty()) {
      pods = pods.withField("spec.nodeName", node);
    }
    for (FieldFilter f : filter.fields()) {
      pods = f.op().equals("not-equals") ? pods.withoutField(f.key(), f.value()) : pods.withField(f.key(), f.value());
    }
    for (FieldFilter f : filter.labels()) {
      switch (f.op()) {
        case "not-equals":
          pods = pods.withoutLabel(f.key(), f.value());
          break;
        case "exists":
          pods = pods.withLabel(f.key());
          break;
        case "does-not-exist":
          pods = pods.withoutLabel(f.key());
          break;
        default:
          pods = pods.withLabel(f.key(), f.value());
      }
    }
    inform("pods", pods, Pod::new, new Handler<>(this::podChanged, this::podDeleted));
    if (rules.watchNamespaces()) {
      inform("namespaces", client.namespaces(), Namespace::new,
          new Handler<Namespace>(this::namespaceChanged, ns -> cache.deleteNamespace(ns.getMetadata().getName())));
    }
    if (rules.watchNodes()) {
      inform("nodes", client.nodes(), Node::new,
          new Handler<Node>(this::nodeChanged, n -> cache.deleteNode(n.getMetadata().getName())));
    }
    if (rules.watchReplicaSets()) {
      var rs = filter.namespace().isEmpty() ? client.apps().replicaSets().inAnyNamespace()
          : client.apps().replicaSets().inNamespace(filter.namespace());
      inform("replicasets", rs, ReplicaSet::new, new Handler<ReplicaSet>(
          (o, n) -> cache.upsertReplicaSet(n.getMetadata().getUid(), deploymentOf(n.getMetadata()), o != null),
          r -> cache.deleteReplicaSet(r.getMetadata().getUid())));
    }
    if (rules.watchJobs()) {
      var jobs = filter.namespace().isEmpty() ? client.batch().v1().jobs().inAnyNamespace()
          : client.batch().v1().jobs().inNamespace(filter.namespace());
      inform("jobs", jobs, Job::new, new Handler<Job>(
          (o, n) -> cache.upsertJob(n.getMetadata().getUid(), owner(n.getMetadata(), "CronJob", false), o != null),
          j -> cache.deleteJob(j.getMetadata().getUid())));
    }
    return CompletableFuture.allOf(synced.toArray(new CompletableFuture<?>[0]));
  }

  private <T extends HasMetadata> void inform(String kind, Informable<T> source, Supplier<T> skeleton,
      Handler<T> handler) {
    SharedIndexInformer<T> informer = source.runnableInformer(0);
    informer.removeNamespaceIndex();
    informer.itemStore(new SkeletonStore<>(skeleton, handler::stored));
    informer.addEventHandler(handler);
    informer.exceptionHandler((started, t) -> {
      // Keep watching whatever goes wrong (API server restarts, RBAC fixed later); fabric8 backs off.
      logger.warn("Watch failed; retrying", t, "kind", kind);
      return true;
    });
    informers.add(informer);
    synced.add(informer.start().toCompletableFuture());
  }

  void podChanged(@Nullable Pod old, Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    if (meta == null || meta.getUid() == null) {
      return;
    }
    // Also checked here: the selectors may not be honoured by every API server (or proxy).
    String podNode = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    boolean wanted = (node.isEmpty() || node.equals(podNode))
        && (filter.namespace().isEmpty() || filter.namespace().equals(meta.getNamespace()));
    PodRecord record = wanted ? converter.convert(pod) : null;
    if (record == null) {
      cache.removePod(meta.getUid());
    } else {
      cache.upsertPod(record);
    }
  }

  private void podDeleted(Pod pod) {
    if (pod.getMetadata() != null && pod.getMetadata().getUid() != null) {
      cache.deletePod(pod.getMetadata().getUid());
    }
  }

  private void namespaceChanged(@Nullable Namespace old, Namespace ns) {
    ObjectMeta meta = ns.getMetadata();
    cache.upsertNamespace(meta.getName().intern(), extract(rules.namespaceRules, meta));
  }

  private void nodeChanged(@Nullable Node old, Node n) {
    ObjectMeta meta = n.getMetadata();
    cache.upsertNode(meta.getName().intern(), extract(rules.nodeRules, meta));
  }

  private static String[] extract(List<FieldRule> fieldRules, ObjectMeta meta) {
    List<String> out = new ArrayList<>();
    for (FieldRule r : fieldRules) {
      r.extract(r.fromLabels ? meta.getLabels() : meta.getAnnotations(), out);
    }
    return out.isEmpty() ? PodRecord.NO_ATTRS : out.toArray(new String[0]);
  }

  private static String @Nullable [] deploymentOf(ObjectMeta meta) {
    String name = owner(meta, "Deployment", false);
    return name == null ? null : new String[] {name, owner(meta, "Deployment", true)};
  }

  private static @Nullable String owner(ObjectMeta meta, String kind, boolean uid) {
    if (meta.getOwnerReferences() == null) {
      return null;
    }
    for (OwnerReference ref : meta.getOwnerReferences()) {
      if (kind.equals(ref.getKind()) && ref.getName() != null) {
        String v = uid ? ref.getUid() : ref.getName();
        return v == null ? null : v.intern();
      }
    }
    return null;
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> i : informers) {
      try {
        i.stop();
      } catch (RuntimeException e) {
        logger.warn("Stopping a watch failed", e);
      }
    }
    client.close();
  }

  /** Adapts one kind's handlers; a failure on one object is logged, never stops the watch. */
  private final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final Changed<T> changed;
    private final Consumer<T> deleted;

    Handler(Changed<T> changed, Consumer<T> deleted) {
      this.changed = changed;
      this.deleted = deleted;
    }

    /** A full object was stored (listed, added or modified); see {@link SkeletonStore}. */
    void stored(@Nullable T old, T obj) {
      run(() -> changed.accept(old, obj), obj);
    }

    @Override
    public void onAdd(T obj) {
      // Consumed in stored(): the object here may be the store's skeleton.
    }

    @Override
    public void onUpdate(T old, T obj) {
      // Consumed in stored().
    }

    @Override
    public void onDelete(T obj, boolean finalStateUnknown) {
      run(() -> deleted.accept(obj), obj);
    }

    private void run(Runnable r, T obj) {
      try {
        r.run();
      } catch (Throwable t) {
        Failures.propagateIfFatal(t);
        ObjectMeta m = obj.getMetadata();
        logger.warn("Could not process a watch event", t, "kind", obj.getKind(),
            "object", m == null ? "?" : m.getNamespace() + "/" + m.getName());
      }
    }
  }

  @FunctionalInterface
  interface Changed<T> {
    void accept(@Nullable T old, T obj);
  }
}
