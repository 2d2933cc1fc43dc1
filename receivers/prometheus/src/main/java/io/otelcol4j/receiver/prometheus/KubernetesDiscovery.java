package io.otelcol4j.receiver.prometheus;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code kubernetes_sd_configs}: one informer per watched kind and namespace (all namespaces when
 * none are listed). Every event recomputes the target group of that object (for the endpoints
 * roles, a service or pod change recomputes the endpoints of its namespace); a deleted object
 * removes its group. Bursts of events are handed on as one update.
 */
final class KubernetesDiscovery implements AutoCloseable {
  static final Path OWN_NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
  private static final long FLUSH_DELAY_MILLIS = 50;

  private final KubernetesSdConfig config;
  private final KubeClients clients;
  private final String provider;
  private final BiConsumer<String, List<TargetGroup>> sink;
  private final ScheduledExecutorService scheduler;
  private final Logger logger;
  private final Map<String, TargetGroup> groups = new TreeMap<>();
  private final List<SharedIndexInformer<Pod>> podInformers = new ArrayList<>();
  private final List<SharedIndexInformer<Service>> serviceInformers = new ArrayList<>();
  private final List<SharedIndexInformer<Endpoints>> endpointsInformers = new ArrayList<>();
  private final List<SharedIndexInformer<EndpointSlice>> sliceInformers = new ArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private @Nullable KubernetesClient client;
  private boolean flushScheduled;
  private boolean closed;

  KubernetesDiscovery(KubernetesSdConfig config, KubeClients clients, String provider,
      BiConsumer<String, List<TargetGroup>> sink, ScheduledExecutorService scheduler, Logger logger) {
    this.config = config;
    this.clients = clients;
    this.provider = provider;
    this.sink = sink;
    this.scheduler = scheduler;
    this.logger = logger.with("discovery", provider);
  }

  /** The namespaces to watch; empty = all. */
  List<String> namespaces() throws IOException {
    Set<String> out = new LinkedHashSet<>(config.namespaces());
    if (config.ownNamespace()) {
      out.add(Files.readString(OWN_NAMESPACE_FILE, StandardCharsets.UTF_8).strip());
    }
    return List.copyOf(out);
  }

  /** Creates the client and starts the informers; does not wait for their first list. */
  synchronized void start() throws IOException {
    KubernetesClient c = clients.create(config);
    client = c;
    List<String> namespaces = namespaces();
    KubernetesSdConfig.Role role = config.role();
    switch (role) {
      case NODE -> inform(select(c.nodes(), KubernetesSdConfig.Role.NODE), null,
          n -> put(KubernetesGroups.nodeSource(n.getMetadata().getName()), KubernetesGroups.node(n)),
          n -> remove(KubernetesGroups.nodeSource(n.getMetadata().getName())));
      case POD -> forEach(namespaces, c::pods, KubernetesSdConfig.Role.POD, podInformers,
          p -> put(source(p, "pod"), KubernetesGroups.pod(p)), p -> remove(source(p, "pod")));
      case SERVICE -> forEach(namespaces, c::services, KubernetesSdConfig.Role.SERVICE, serviceInformers,
          s -> put(source(s, "svc"), KubernetesGroups.service(s)), s -> remove(source(s, "svc")));
      case ENDPOINTS -> {
        forEach(namespaces, c::services, KubernetesSdConfig.Role.SERVICE, serviceInformers,
            s -> recomputeNamespace(s), s -> recomputeNamespace(s));
        forEach(namespaces, c::pods, KubernetesSdConfig.Role.POD, podInformers,
            p -> recomputeNamespace(p), p -> recomputeNamespace(p));
        forEach(namespaces, c::endpoints, KubernetesSdConfig.Role.ENDPOINTS, endpointsInformers,
            this::endpointsChanged, e -> remove(source(e, "endpoints")));
      }
      case ENDPOINTSLICE -> {
        forEach(namespaces, c::services, KubernetesSdConfig.Role.SERVICE, serviceInformers,
            s -> recomputeNamespace(s), s -> recomputeNamespace(s));
        forEach(namespaces, c::pods, KubernetesSdConfig.Role.POD, podInformers,
            p -> recomputeNamespace(p), p -> recomputeNamespace(p));
        forEach(namespaces, () -> c.discovery().v1().endpointSlices(), KubernetesSdConfig.Role.ENDPOINTSLICE,
            sliceInformers, this::sliceChanged, e -> remove(source(e, "endpointslice")));
      }
      default -> throw new IllegalStateException("unknown role " + role);
    }
    logger.info("kubernetes discovery started", "role", role.id(),
        "namespaces", namespaces.isEmpty() ? "all" : String.join(",", namespaces));
  }

  private static String source(HasMetadata o, String kind) {
    return kind + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private <T extends HasMetadata, L, R extends io.fabric8.kubernetes.client.dsl.Resource<T>> void forEach(
      List<String> namespaces, Supplier<MixedOperation<T, L, R>> op, KubernetesSdConfig.Role role,
      List<SharedIndexInformer<T>> into, Consumer<T> changed, Consumer<T> deleted) {
    if (namespaces.isEmpty()) {
      into.add(inform(select(op.get().inAnyNamespace(), role), null, changed, deleted));
    } else {
      for (String ns : namespaces) {
        into.add(inform(select(op.get().inNamespace(ns), role), ns, changed, deleted));
      }
    }
  }

  private <T, L, R> FilterWatchListDeletable<T, L, R> select(FilterWatchListDeletable<T, L, R> op,
      KubernetesSdConfig.Role role) {
    KubernetesSdConfig.Selector s = config.selector(role);
    if (s == null) {
      return op;
    }
    FilterWatchListDeletable<T, L, R> out = op;
    if (!s.label().isEmpty()) {
      out = out.withLabelSelector(s.label());
    }
    for (String term : s.field().split(",")) {
      String t = term.strip();
      if (t.isEmpty()) {
        continue;
      }
      int ne = t.indexOf("!=");
      if (ne > 0) {
        out = out.withoutField(t.substring(0, ne).strip(), t.substring(ne + 2).strip());
      } else {
        int eq = t.indexOf('=');
        String value = t.substring(eq + 1).strip();
        out = out.withField(t.substring(0, eq).strip(), value.startsWith("=") ? value.substring(1).strip() : value);
      }
    }
    return out;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(FilterWatchListDeletable<T, ?, ?> op,
      @Nullable String namespace, Consumer<T> changed, Consumer<T> deleted) {
    SharedIndexInformer<T> informer = op.runnableInformer(0);
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        handle(changed, obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        handle(changed, newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        handle(deleted, obj);
      }
    });
    informer.exceptionHandler((started, t) -> {
      logger.warn("kubernetes watch failed; retrying", "namespace", namespace == null ? "all" : namespace,
          "error", String.valueOf(t.getMessage()));
      return true;
    });
    informers.add(informer);
    informer.start();
    return informer;
  }

  private <T> void handle(Consumer<T> handler, T obj) {
    try {
      handler.accept(obj);
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      logger.error("kubernetes discovery event failed", t);
    }
  }

  private synchronized void put(String source, @Nullable TargetGroup group) {
    if (group == null) {
      logger.warn("object has no usable address; keeping its last targets", "source", source);
      return;
    }
    if (!group.equals(groups.put(source, group))) {
      scheduleFlush();
    }
  }

  private synchronized void remove(String source) {
    if (groups.remove(source) != null) {
      scheduleFlush();
    }
  }

  private @Nullable Pod pod(String namespace, String name) {
    return lookup(podInformers, namespace, name);
  }

  private @Nullable Service service(String namespace, String name) {
    return lookup(serviceInformers, namespace, name);
  }

  private static <T> @Nullable T lookup(List<SharedIndexInformer<T>> informers, String namespace, String name) {
    String key = namespace + "/" + name;
    for (SharedIndexInformer<T> i : informers) {
      T found = i.getStore().getByKey(key);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private void endpointsChanged(Endpoints e) {
    put(source(e, "endpoints"), KubernetesGroups.endpoints(e, this::service, this::pod));
  }

  private void sliceChanged(EndpointSlice e) {
    put(source(e, "endpointslice"), KubernetesGroups.endpointSlice(e, this::service, this::pod));
  }

  /** A service or pod changed: its namespace's endpoints (slices) carry its labels. */
  private void recomputeNamespace(HasMetadata changed) {
    String ns = changed.getMetadata().getNamespace();
    for (SharedIndexInformer<Endpoints> i : endpointsInformers) {
      for (Endpoints e : i.getStore().list()) {
        if (ns.equals(e.getMetadata().getNamespace())) {
          endpointsChanged(e);
        }
      }
    }
    for (SharedIndexInformer<EndpointSlice> i : sliceInformers) {
      for (EndpointSlice e : i.getStore().list()) {
        if (ns.equals(e.getMetadata().getNamespace())) {
          sliceChanged(e);
        }
      }
    }
  }

  private void scheduleFlush() {
    if (!flushScheduled && !closed) {
      flushScheduled = true;
      scheduler.schedule(this::flush, FLUSH_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void flush() {
    List<TargetGroup> all;
    synchronized (this) {
      flushScheduled = false;
      if (closed) {
        return;
      }
      all = List.copyOf(groups.values());
    }
    try {
      sink.accept(provider, all);
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      logger.error("handing on kubernetes targets failed", t);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    informers.forEach(SharedIndexInformer::stop);
    if (client != null) {
      client.close();
    }
  }
}
