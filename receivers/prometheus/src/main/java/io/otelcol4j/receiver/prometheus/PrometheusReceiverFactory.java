package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.MetricsConsumer;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code prometheus} receiver: scrapes Prometheus targets configured with Prometheus's own
 * {@code scrape_configs} and turns the pages into OTLP metrics, as the collector-contrib receiver
 * of the same name does. Metrics only.
 */
public final class PrometheusReceiverFactory implements ReceiverFactory<PrometheusReceiverConfig> {
  /** The type id used in config. */
  public static final String TYPE = "prometheus";

  private final KubeClients kubeClients;

  /** The factory used in collectors: Kubernetes discovery talks to the configured API server. */
  public PrometheusReceiverFactory() {
    this(KubeClients.DEFAULT);
  }

  PrometheusReceiverFactory(KubeClients kubeClients) {
    this.kubeClients = kubeClients;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<PrometheusReceiverConfig> configClass() {
    return PrometheusReceiverConfig.class;
  }

  @Override
  public PrometheusReceiverConfig parseConfig(ConfigNode node) {
    return PrometheusReceiverConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return Map.of(Signal.METRICS, StabilityLevel.BETA);
  }

  @Override
  public Component createMetrics(ComponentSettings settings, PrometheusReceiverConfig config, MetricsConsumer next) {
    return new PrometheusReceiver(settings, config, next, Clock.systemUTC(), kubeClients);
  }
}
