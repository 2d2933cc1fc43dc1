package io.otelcol4j.processor.k8sattributes;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.telemetry.ComponentMetrics;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The processor's own metrics, named as upstream's ({@code otelcol_otelsvc_k8s_pod_added}, …),
 * with the attribute {@code processor} (the id) bound once.
 */
final class K8sTelemetry {
  /** Counts one kind of event. */
  static final class Counter {
    private final LongCounter counter;
    private final Attributes attributes;

    Counter(LongCounter counter, Attributes attributes) {
      this.counter = counter;
      this.attributes = attributes;
    }

    void add(long n) {
      counter.add(n, attributes);
    }
  }

  private final Meter meter;
  private final Attributes attributes;
  final Counter podAdded;
  final Counter podUpdated;
  final Counter podDeleted;
  final Counter namespaceAdded;
  final Counter namespaceUpdated;
  final Counter namespaceDeleted;
  final Counter nodeAdded;
  final Counter nodeUpdated;
  final Counter nodeDeleted;
  final Counter replicaSetAdded;
  final Counter replicaSetUpdated;
  final Counter replicaSetDeleted;
  final Counter jobAdded;
  final Counter jobUpdated;
  final Counter jobDeleted;
  final Counter ipLookupMiss;
  private @Nullable ObservableLongGauge podTableSize;

  K8sTelemetry(MeterProvider provider, ComponentId id) {
    this.meter = ComponentMetrics.meter(provider);
    this.attributes = Attributes.of(AttributeKey.stringKey("processor"), id.toString());
    podAdded = counter("pod_added", "Number of pod add events received");
    podUpdated = counter("pod_updated", "Number of pod update events received");
    podDeleted = counter("pod_deleted", "Number of pod delete events received");
    namespaceAdded = counter("namespace_added", "Number of namespace add events received");
    namespaceUpdated = counter("namespace_updated", "Number of namespace update events received");
    namespaceDeleted = counter("namespace_deleted", "Number of namespace delete events received");
    nodeAdded = counter("node_added", "Number of node add events received");
    nodeUpdated = counter("node_updated", "Number of node update events received");
    nodeDeleted = counter("node_deleted", "Number of node delete events received");
    replicaSetAdded = counter("replicaset_added", "Number of ReplicaSet add events received");
    replicaSetUpdated = counter("replicaset_updated", "Number of ReplicaSet update events received");
    replicaSetDeleted = counter("replicaset_deleted", "Number of ReplicaSet delete events received");
    jobAdded = counter("job_added", "Number of job add events received");
    jobUpdated = counter("job_updated", "Number of job update events received");
    jobDeleted = counter("job_deleted", "Number of job delete events received");
    ipLookupMiss = counter("ip_lookup_miss", "Number of times pod by IP lookup failed.");
  }

  private Counter counter(String what, String description) {
    return new Counter(meter.counterBuilder("otelcol_otelsvc_k8s_" + what).setDescription(description).build(),
        attributes);
  }

  /** Reports the pod table size ({@code otelcol_otelsvc_k8s_pod_table_size}) until {@link #close()}. */
  void observePodTableSize(LongSupplier size) {
    podTableSize = meter.gaugeBuilder("otelcol_otelsvc_k8s_pod_table_size").ofLongs()
        .setDescription("Size of table containing pod info")
        .buildWithCallback(m -> m.record(size.getAsLong(), attributes));
  }

  void close() {
    if (podTableSize != null) {
      podTableSize.close();
      podTableSize = null;
    }
  }
}
