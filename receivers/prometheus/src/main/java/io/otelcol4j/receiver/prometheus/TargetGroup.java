package io.otelcol4j.receiver.prometheus;

import java.util.List;
import java.util.Map;

/**
 * What discovery yields, as Prometheus's {@code targetgroup.Group}: targets (each a label set
 * with at least {@code __address__}) sharing group labels, identified by a source.
 */
record TargetGroup(String source, List<Map<String, String>> targets, Map<String, String> labels) {
  TargetGroup {
    targets = List.copyOf(targets);
    labels = Map.copyOf(labels);
  }
}
