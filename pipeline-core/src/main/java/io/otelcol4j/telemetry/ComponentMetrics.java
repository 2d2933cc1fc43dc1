package io.otelcol4j.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;

/**
 * The collector's standard per-component counters, named as upstream names them so dashboards
 * carry over: {@code otelcol_receiver_accepted_spans}, {@code otelcol_exporter_sent_log_records},
 * {@code otelcol_processor_incoming_items}, … (Prometheus adds {@code _total}). Each instance has
 * its attributes bound once, so counting on the hot path allocates nothing.
 */
public final class ComponentMetrics {
  /** The instrumentation scope of all own metrics. */
  public static final String SCOPE = "io.otelcol4j";

  private ComponentMetrics() {}

  /** The meter own metrics are recorded with. */
  public static Meter meter(MeterProvider provider) {
    return provider.get(SCOPE);
  }

  /** {@code receiver="otlp"}-style attributes, plus the signal for processors. */
  public static Attributes attributes(Kind kind, ComponentId id, Signal signal) {
    if (kind == Kind.PROCESSOR) {
      return Attributes.of(AttributeKey.stringKey("processor"), id.toString(),
          AttributeKey.stringKey("otel.signal"), signal.configName());
    }
    return Attributes.of(AttributeKey.stringKey(kind.word()), id.toString());
  }

  /**
   * A counter of items for one component and signal, e.g. {@code otelcol_receiver_accepted_spans}.
   *
   * @param what {@code accepted}, {@code refused}, {@code sent}, {@code send_failed}, …
   */
  public static BoundCounter itemCounter(MeterProvider provider, Kind kind, ComponentId id, Signal signal, String what,
      String description) {
    String name = "otelcol_" + kind.word() + "_" + what + "_" + signal.itemNoun();
    LongCounter c = meter(provider).counterBuilder(name).setDescription(description).setUnit("{" + signal.itemNoun() + "}").build();
    return new BoundCounter(c, attributes(kind, id, signal));
  }

  /** A counter with a fixed name for one component, e.g. {@code otelcol_processor_incoming_items}. */
  public static BoundCounter counter(MeterProvider provider, String name, Kind kind, ComponentId id, Signal signal,
      String description) {
    LongCounter c = meter(provider).counterBuilder(name).setDescription(description).build();
    return new BoundCounter(c, attributes(kind, id, signal));
  }

  /** A counter with its attributes bound. */
  public static final class BoundCounter {
    /** A counter that counts nothing. */
    public static final BoundCounter NOOP =
        new BoundCounter(MeterProvider.noop().get(SCOPE).counterBuilder("noop").build(), Attributes.empty());

    private final LongCounter counter;
    private final Attributes attributes;

    BoundCounter(LongCounter counter, Attributes attributes) {
      this.counter = counter;
      this.attributes = attributes;
    }

    public void add(long n) {
      if (n > 0) {
        counter.add(n, attributes);
      }
    }
  }
}
