package io.otelcol4j.processor.k8sattributes;

import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Source;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Adds pod metadata to resources, as upstream's {@code processResource}: find the pod by the first
 * association whose sources all resolve, tag {@code k8s.pod.ip} when that association starts
 * with the connection, then add the pod's, its container's, namespace's and node's attributes
 * that are not present yet. Batches are immutable: a new batch is built only when a resource
 * changed, sharing the unchanged ones.
 */
final class Enricher {
  private final Rules rules;
  private final @Nullable PodCache cache;
  private final K8sTelemetry telemetry;

  /**
   * @param cache the pods, or null in passthrough mode
   */
  Enricher(Rules rules, @Nullable PodCache cache, K8sTelemetry telemetry) {
    this.rules = rules;
    this.cache = cache;
    this.telemetry = telemetry;
  }

  TracesBatch traces(Context context, TracesBatch batch) {
    List<ResourceSpans> in = batch.resourceSpans();
    List<ResourceSpans> out = null;
    for (int i = 0; i < in.size(); i++) {
      ResourceSpans rs = in.get(i);
      Resource r = enrich(context, rs.getResource());
      if (r != null) {
        out = copyOnce(out, in, i);
        out.set(i, rs.toBuilder().setResource(r).build());
      }
    }
    return out == null ? batch : TracesBatch.of(out);
  }

  MetricsBatch metrics(Context context, MetricsBatch batch) {
    List<ResourceMetrics> in = batch.resourceMetrics();
    List<ResourceMetrics> out = null;
    for (int i = 0; i < in.size(); i++) {
      ResourceMetrics rm = in.get(i);
      Resource r = enrich(context, rm.getResource());
      if (r != null) {
        out = copyOnce(out, in, i);
        out.set(i, rm.toBuilder().setResource(r).build());
      }
    }
    return out == null ? batch : MetricsBatch.of(out);
  }

  LogsBatch logs(Context context, LogsBatch batch) {
    List<ResourceLogs> in = batch.resourceLogs();
    List<ResourceLogs> out = null;
    for (int i = 0; i < in.size(); i++) {
      ResourceLogs rl = in.get(i);
      Resource r = enrich(context, rl.getResource());
      if (r != null) {
        out = copyOnce(out, in, i);
        out.set(i, rl.toBuilder().setResource(r).build());
      }
    }
    return out == null ? batch : LogsBatch.of(out);
  }

  private static <T> List<T> copyOnce(@Nullable List<T> out, List<T> in, int i) {
    return out != null ? out : new ArrayList<>(in);
  }

  /** The enriched resource, or null when nothing changes. */
  @Nullable Resource enrich(Context context, Resource resource) {
    AttrView attrs = new AttrView(resource);
    String connectionIp = context.peerAddress();
    PodRecord pod = null;
    String podIp = null;
    boolean looked = false;
    if (rules.associations.isEmpty()) {
      // Upstream's association when none is configured: every candidate is a pod IP.
      String ip = attrs.string(Attrs.K8S_POD_IP);
      if (ip == null) {
        ip = attrs.string(Attrs.IP);
      }
      if (ip == null) {
        ip = connectionIp;
      }
      if (ip == null) {
        String host = attrs.string(Attrs.HOST_NAME);
        ip = host != null && isIp(host) ? host : null;
      }
      if (ip != null) {
        podIp = ip;
        if (cache != null) {
          pod = cache.byIp(ip);
          looked = true;
        }
      }
    } else {
      for (int i = 0; i < rules.associations.size(); i++) {
        List<Source> sources = rules.associations.get(i).sources();
        String[] values = resolve(sources, attrs, connectionIp);
        if (values == null) {
          continue;
        }
        if (sources.get(0).from().equals(Source.CONNECTION)) {
          podIp = values[0];
        }
        if (cache != null) {
          pod = cache.matchers().get(i).index.pods.get(PodCache.Index.key(values));
          looked = true;
        }
        break;
      }
    }
    attrs.putIfAbsent(Attrs.K8S_POD_IP, podIp);
    if (cache == null) {
      return attrs.result(resource); // passthrough
    }
    if (looked && pod == null) {
      telemetry.ipLookupMiss.add(1);
    }
    if (pod != null) {
      attrs.putAllIfAbsent(pod.attrs);
      if (pod.replicaSetUid != null) {
        String[] deployment = cache.deploymentOf(pod.replicaSetUid);
        if (deployment != null) {
          if (rules.has(Attrs.K8S_DEPLOYMENT_NAME)) {
            attrs.putIfAbsent(Attrs.K8S_DEPLOYMENT_NAME, deployment[0]);
          }
          if (rules.has(Attrs.K8S_DEPLOYMENT_UID)) {
            attrs.putIfAbsent(Attrs.K8S_DEPLOYMENT_UID, deployment[1]);
          }
        }
      }
      if (pod.jobUid != null) {
        attrs.putIfAbsent(Attrs.K8S_CRONJOB_NAME, cache.cronJobOf(pod.jobUid));
      }
      addContainerAttributes(pod, attrs);
    }
    if (rules.watchNamespaces()) {
      String ns = pod != null ? pod.namespace : attrs.string(Attrs.K8S_NAMESPACE_NAME);
      if (ns != null) {
        attrs.putAllIfAbsent(cache.namespace(ns));
      }
    }
    if (rules.watchNodes()) {
      String node = pod != null ? pod.nodeName : attrs.string(Attrs.K8S_NODE_NAME);
      if (node != null) {
        attrs.putAllIfAbsent(cache.node(node));
      }
    }
    return attrs.result(resource);
  }

  /** The values of every source, or null when one does not resolve. */
  private static String @Nullable [] resolve(List<Source> sources, AttrView attrs, @Nullable String connectionIp) {
    String[] values = new String[sources.size()];
    for (int i = 0; i < values.length; i++) {
      Source s = sources.get(i);
      String v;
      if (s.from().equals(Source.CONNECTION)) {
        v = connectionIp;
      } else {
        v = attrs.string(s.name());
        // host.name identifies a pod only when it holds the pod's IP.
        if (v != null && s.name().equals(Attrs.HOST_NAME) && !isIp(v)) {
          v = null;
        }
      }
      if (v == null || v.isEmpty()) {
        return null;
      }
      values[i] = v;
    }
    return values;
  }

  /**
   * Container attributes, as upstream: the container is found by {@code container.id}, else by
   * {@code k8s.container.name}; {@code container.id} is added from {@code k8s.container.restart_count}
   * or, without it, the latest run.
   */
  private void addContainerAttributes(PodRecord pod, AttrView attrs) {
    if (pod.containers.length == 0) {
      return;
    }
    String id = attrs.string(Attrs.CONTAINER_ID);
    PodRecord.Container c;
    if (id != null) {
      c = pod.containerById(id);
    } else {
      String name = attrs.string(Attrs.K8S_CONTAINER_NAME);
      c = name == null ? null : pod.containerByName(name);
    }
    if (c == null) {
      return;
    }
    if (rules.has(Attrs.K8S_CONTAINER_NAME)) {
      attrs.putIfAbsent(Attrs.K8S_CONTAINER_NAME, c.name);
    }
    attrs.putIfAbsent(Attrs.CONTAINER_IMAGE_NAME, c.imageName);
    attrs.putIfAbsent(Attrs.CONTAINER_IMAGE_TAG, c.imageTag);
    if (rules.has(Attrs.CONTAINER_ID)) {
      attrs.putIfAbsent(Attrs.CONTAINER_ID, c.id(attrs.integer(Attrs.K8S_CONTAINER_RESTART_COUNT)));
    }
  }

  /** True for IPv4 dotted quads and IPv6 text, without any name lookup. */
  static boolean isIp(String s) {
    if (s.indexOf(':') >= 0) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
          return false;
        }
      }
      return true;
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3) {
        return false;
      }
      for (int i = 0; i < p.length(); i++) {
        if (!Character.isDigit(p.charAt(i))) {
          return false;
        }
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
