package io.otelcol4j.example.heartbeat;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.LogsConsumer;
import java.util.Map;

/**
 * Factory of the {@code heartbeat} receiver (logs, development). Found by {@link java.util.ServiceLoader}
 * through {@code META-INF/services/io.otelcol4j.component.ReceiverFactory} when the jar is in the
 * distro's plugins folder.
 */
public final class HeartbeatReceiverFactory implements ReceiverFactory<HeartbeatReceiverConfig> {
  /** The type used in config ids. */
  public static final String TYPE = "heartbeat";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<HeartbeatReceiverConfig> configClass() {
    return HeartbeatReceiverConfig.class;
  }

  @Override
  public HeartbeatReceiverConfig parseConfig(ConfigNode node) {
    return HeartbeatReceiverConfig.from(node);
  }

  @Override
  public Map<Signal, StabilityLevel> signals() {
    return Map.of(Signal.LOGS, StabilityLevel.DEVELOPMENT);
  }

  @Override
  public Component createLogs(ComponentSettings settings, HeartbeatReceiverConfig config, LogsConsumer next) {
    return new HeartbeatReceiver(settings, config, next, HeartbeatReceiver.localHostName());
  }
}
