package io.otelcol4j.receiver.otlp;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.SharedComponents;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesConsumer;
import java.util.Map;

/**
 * The {@code otlp} receiver: OTLP over gRPC and HTTP (protobuf and JSON) for traces, metrics and
 * logs, like the collector's {@code otlpreceiver}. One receiver id is one instance, with one port
 * per protocol, whatever the number of signals and pipelines it feeds.
 */
public final class OtlpReceiverFactory implements ReceiverFactory<OtlpReceiverConfig> {
  /** The component type: {@value}. */
  public static final String TYPE = "otlp";

  private static final Map<Signal, StabilityLevel> SIGNALS = Map.of(
      Signal.TRACES, StabilityLevel.STABLE,
      Signal.METRICS, StabilityLevel.STABLE,
      Signal.LOGS, StabilityLevel.STABLE);

  private final SharedComponents<OtlpReceiver> receivers = new SharedComponents<>();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<OtlpReceiverConfig> configClass() {
    return OtlpReceiverConfig.class;
  }

  @Override
  public OtlpReceiverConfig parseConfig(ConfigNode node) {
    return OtlpReceiverConfig.from(node);
  }

  @Override
  public OtlpReceiverConfig createDefaultConfig() {
    return OtlpReceiverConfig.defaults();
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Component createTraces(ComponentSettings settings, OtlpReceiverConfig config, TracesConsumer next) {
    OtlpReceiver r = instance(settings, config);
    r.registerTraces(next);
    return r;
  }

  @Override
  public Component createMetrics(ComponentSettings settings, OtlpReceiverConfig config, MetricsConsumer next) {
    OtlpReceiver r = instance(settings, config);
    r.registerMetrics(next);
    return r;
  }

  @Override
  public Component createLogs(ComponentSettings settings, OtlpReceiverConfig config, LogsConsumer next) {
    OtlpReceiver r = instance(settings, config);
    r.registerLogs(next);
    return r;
  }

  private OtlpReceiver instance(ComponentSettings settings, OtlpReceiverConfig config) {
    OtlpReceiver[] created = new OtlpReceiver[1];
    OtlpReceiver r = receivers.getOrCreate(settings.id(), () -> {
      created[0] = new OtlpReceiver(settings, config, () -> receivers.remove(settings.id(), created[0]));
      return created[0];
    });
    if (!r.config().equals(config)) {
      throw new IllegalStateException("otlp receiver \"" + settings.id() + "\" already exists with another config");
    }
    return r;
  }
}
