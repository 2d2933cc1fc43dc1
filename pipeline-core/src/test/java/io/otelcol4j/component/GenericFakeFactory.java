package io.otelcol4j.component;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.LogsConsumer;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.MetricsConsumer;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.consumer.TracesConsumer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Test-only factories of any kind and type that accept any config (kept as plain values through
 * {@link ConfigNode#toPlain()}) and support every signal, so real users' files can be loaded
 * structurally without the real components.
 */
public final class GenericFakeFactory {
  private GenericFakeFactory() {}

  /** The config: whatever was written, as plain Java values. */
  public record PlainConfig(@Nullable Object value) implements ComponentConfig {}

  private static final Map<Signal, StabilityLevel> ALL = Map.of(Signal.TRACES, StabilityLevel.DEVELOPMENT,
      Signal.METRICS, StabilityLevel.DEVELOPMENT, Signal.LOGS, StabilityLevel.DEVELOPMENT);

  private abstract static class Base {
    final String type;
    final List<String> aliases;

    Base(String type, String... aliases) {
      this.type = type;
      this.aliases = List.of(aliases);
    }

    public String type() {
      return type;
    }

    public List<String> aliases() {
      return aliases;
    }

    public Class<PlainConfig> configClass() {
      return PlainConfig.class;
    }

    public PlainConfig parseConfig(ConfigNode node) {
      return new PlainConfig(node.toPlain());
    }

    public Map<Signal, StabilityLevel> signals() {
      return ALL;
    }
  }

  private static final class Nop<B extends Batch<B>> implements Processor<B>, Exporter<B> {
    @Override
    public void consume(Context context, B batch) {}
  }

  public static ReceiverFactory<PlainConfig> receiver(String typeName, String... aliasNames) {
    final class F extends Base implements ReceiverFactory<PlainConfig> {
      F() {
        super(typeName, aliasNames);
      }

      @Override
      public Component createTraces(ComponentSettings s, PlainConfig c, TracesConsumer next) {
        return new Nop<TracesBatch>();
      }

      @Override
      public Component createMetrics(ComponentSettings s, PlainConfig c, MetricsConsumer next) {
        return new Nop<MetricsBatch>();
      }

      @Override
      public Component createLogs(ComponentSettings s, PlainConfig c, LogsConsumer next) {
        return new Nop<LogsBatch>();
      }
    }
    return new F();
  }

  public static ProcessorFactory<PlainConfig> processor(String typeName, String... aliasNames) {
    final class F extends Base implements ProcessorFactory<PlainConfig> {
      F() {
        super(typeName, aliasNames);
      }

      @Override
      public Processor<TracesBatch> createTraces(ComponentSettings s, PlainConfig c, TracesConsumer next) {
        return new Nop<>();
      }

      @Override
      public Processor<MetricsBatch> createMetrics(ComponentSettings s, PlainConfig c, MetricsConsumer next) {
        return new Nop<>();
      }

      @Override
      public Processor<LogsBatch> createLogs(ComponentSettings s, PlainConfig c, LogsConsumer next) {
        return new Nop<>();
      }
    }
    return new F();
  }

  public static ExporterFactory<PlainConfig> exporter(String typeName, String... aliasNames) {
    final class F extends Base implements ExporterFactory<PlainConfig> {
      F() {
        super(typeName, aliasNames);
      }

      @Override
      public Exporter<TracesBatch> createTraces(ComponentSettings s, PlainConfig c) {
        return new Nop<>();
      }

      @Override
      public Exporter<MetricsBatch> createMetrics(ComponentSettings s, PlainConfig c) {
        return new Nop<>();
      }

      @Override
      public Exporter<LogsBatch> createLogs(ComponentSettings s, PlainConfig c) {
        return new Nop<>();
      }
    }
    return new F();
  }

  public static ExtensionFactory<PlainConfig> extension(String typeName, String... aliasNames) {
    final class F extends Base implements ExtensionFactory<PlainConfig> {
      F() {
        super(typeName, aliasNames);
      }

      @Override
      public Map<Signal, StabilityLevel> signals() {
        return Map.of();
      }

      @Override
      public StabilityLevel stability() {
        return StabilityLevel.DEVELOPMENT;
      }

      @Override
      public Component create(ComponentSettings s, PlainConfig c) {
        return new Component() {};
      }
    }
    return new F();
  }
}
