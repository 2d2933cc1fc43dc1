package io.otelcol4j.exporterhelper;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;
import java.util.List;

/** An SDK meter provider whose metrics a test reads back (a minimal in-memory reader). */
final class MetricsCapture {
  private final Reader reader = new Reader();
  final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();

  /** The sum of a counter's or gauge's points, 0 when it has none. */
  long value(String name) {
    for (MetricData m : reader.registration.collectAllMetrics()) {
      if (m.getName().equals(name)) {
        Collection<LongPointData> points = m.getType() == io.opentelemetry.sdk.metrics.data.MetricDataType.LONG_GAUGE
            ? m.getLongGaugeData().getPoints()
            : m.getLongSumData().getPoints();
        return points.stream().mapToLong(LongPointData::getValue).sum();
      }
    }
    return 0;
  }

  /** The attributes of the first point of a metric. */
  Attributes attributes(String name) {
    for (MetricData m : reader.registration.collectAllMetrics()) {
      if (m.getName().equals(name)) {
        List<LongPointData> points = List.copyOf(m.getType() == io.opentelemetry.sdk.metrics.data.MetricDataType.LONG_GAUGE
            ? m.getLongGaugeData().getPoints()
            : m.getLongSumData().getPoints());
        return points.get(0).getAttributes();
      }
    }
    return Attributes.empty();
  }

  static String attr(Attributes a, String key) {
    return a.get(AttributeKey.stringKey(key));
  }

  private static final class Reader implements MetricReader {
    volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
