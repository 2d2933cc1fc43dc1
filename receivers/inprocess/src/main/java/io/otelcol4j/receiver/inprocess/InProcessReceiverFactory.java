package io.otelcol4j.receiver.inprocess;

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
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code inprocess} receiver: the host application's OpenTelemetry SDK exports into the
 * collector's pipelines without a network hop, through the exporters of {@link InProcessExporters}.
 * One instance per receiver id serves every signal.
 */
public final class InProcessReceiverFactory implements ReceiverFactory<InProcessReceiverConfig> {
  /** The type id used in config. */
  public static final String TYPE = "inprocess";

  private static final Map<Signal, StabilityLevel> SIGNALS;

  static {
    Map<Signal, StabilityLevel> m = new EnumMap<>(Signal.class);
    m.put(Signal.TRACES, StabilityLevel.ALPHA);
    m.put(Signal.METRICS, StabilityLevel.ALPHA);
    m.put(Signal.LOGS, StabilityLevel.ALPHA);
    SIGNALS = Collections.unmodifiableMap(m);
  }

  private final SharedComponents<InProcessReceiver> receivers = new SharedComponents<>();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<InProcessReceiverConfig> configClass() {
    return InProcessReceiverConfig.class;
  }

  @Override
  public InProcessReceiverConfig parseConfig(ConfigNode node) {
    return InProcessReceiverConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return SIGNALS;
  }

  @Override
  public Component createTraces(ComponentSettings settings, InProcessReceiverConfig config, TracesConsumer next) {
    InProcessReceiver r = receiver(settings);
    r.traces(next);
    return r;
  }

  @Override
  public Component createMetrics(ComponentSettings settings, InProcessReceiverConfig config, MetricsConsumer next) {
    InProcessReceiver r = receiver(settings);
    r.metrics(next);
    return r;
  }

  @Override
  public Component createLogs(ComponentSettings settings, InProcessReceiverConfig config, LogsConsumer next) {
    InProcessReceiver r = receiver(settings);
    r.logs(next);
    return r;
  }

  private InProcessReceiver receiver(ComponentSettings settings) {
    InProcessReceiver[] self = new InProcessReceiver[1];
    return receivers.getOrCreate(settings.id(), () -> {
      self[0] = new InProcessReceiver(settings.id(), settings.logger(), () -> receivers.remove(settings.id(), self[0]));
      return self[0];
    });
  }
}
