package io.otelcol4j.processor.relabel;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.prometheus.relabel.RelabelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code relabel} processor.
 *
 * @param metricRelabelConfigs {@code metric_relabel_configs}: Prometheus relabel rules, applied in
 *     order to every data point; each rule has Prometheus's keys, defaults and validation (see
 *     {@link RelabelConfig}); default none, which passes every batch through untouched
 */
public record RelabelProcessorConfig(List<RelabelConfig> metricRelabelConfigs) implements ComponentConfig {

  public RelabelProcessorConfig {
    metricRelabelConfigs = List.copyOf(requireNonNull(metricRelabelConfigs, "metricRelabelConfigs"));
  }

  /** The default config: no rules. */
  public static RelabelProcessorConfig defaults() {
    return new RelabelProcessorConfig(List.of());
  }

  /**
   * Binds and validates; each rule's problems are reported at its path, e.g.
   * {@code processors.relabel.metric_relabel_configs[1].regex}, with Prometheus's messages.
   */
  public static RelabelProcessorConfig from(ConfigNode node) {
    List<RelabelConfig> rules = new ArrayList<>();
    for (ConfigNode rule : node.list("metric_relabel_configs")) {
      rules.add(RelabelConfig.from(rule));
    }
    return new RelabelProcessorConfig(rules);
  }
}
