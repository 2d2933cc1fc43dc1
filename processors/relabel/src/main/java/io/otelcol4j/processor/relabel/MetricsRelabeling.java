package io.otelcol4j.processor.relabel;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.prometheus.relabel.LabelsBuilder;
import io.otelcol4j.prometheus.relabel.Relabeler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Applies relabel rules to the data points of a metrics batch. Pure: one call per batch, all
 * mutable state in locals, so one instance serves concurrent batches.
 *
 * <p>Per data point the labels are the resource's attributes, then the point's attributes (which
 * win on a name clash), then {@code __name__} = the metric name; non-string values are rendered as
 * strings. After the rules:
 *
 * <ul>
 *   <li>a dropped point, or one left without {@code __name__}, is removed and counted;
 *   <li>a changed {@code __name__} moves the point to a metric of that name (a copy of the original
 *       metric with only its points), so one metric can split into several;
 *   <li>the point's attributes follow the labels: a removed label removes the attribute, a changed
 *       one becomes a string attribute, an unchanged one keeps its original typed value; a new
 *       label, or a resource label with a new value, is added to the point (the resource is never
 *       changed: it is shared by other points); labels starting with {@code __} are never added
 *       and a point attribute starting with {@code __} that a rule changed is removed (Prometheus
 *       treats them as temporary).
 * </ul>
 *
 * Only metrics with a changed point are rebuilt; everything else keeps its message instance, and a
 * batch with no change is returned as is.
 */
final class MetricsRelabeling {
  static final String NAME_LABEL = "__name__";

  private final Relabeler relabeler;

  MetricsRelabeling(Relabeler relabeler) {
    this.relabeler = relabeler;
  }

  /** The result of one batch. */
  record Result(MetricsBatch batch, int droppedPoints) {}

  Result apply(MetricsBatch batch) {
    if (relabeler.isEmpty() || batch.itemCount() == 0) {
      return new Result(batch, 0);
    }
    State state = new State();
    List<ResourceMetrics> in = batch.resourceMetrics();
    List<ResourceMetrics> out = null;
    for (int r = 0; r < in.size(); r++) {
      ResourceMetrics rm = in.get(r);
      ResourceMetrics changed = relabelResource(rm, state);
      if (changed != rm && out == null) {
        out = new ArrayList<>(in.subList(0, r));
      }
      if (out != null && changed != null) {
        out.add(changed);
      }
    }
    return new Result(out == null ? batch : MetricsBatch.of(out), state.dropped);
  }

  /** Per-batch mutable state. */
  private static final class State {
    final LabelsBuilder labels = new LabelsBuilder();
    String[] resourceNames = new String[0];
    String[] resourceValues = new String[0];
    int resourceCount;
    int dropped;
  }

  /** The resource unchanged (same instance), rebuilt, or null when all its points were dropped. */
  private @Nullable ResourceMetrics relabelResource(ResourceMetrics rm, State state) {
    List<KeyValue> attrs = rm.getResource().getAttributesList();
    if (state.resourceNames.length < attrs.size()) {
      state.resourceNames = new String[attrs.size()];
      state.resourceValues = new String[attrs.size()];
    }
    state.resourceCount = attrs.size();
    for (int i = 0; i < attrs.size(); i++) {
      state.resourceNames[i] = attrs.get(i).getKey();
      state.resourceValues[i] = render(attrs.get(i).getValue());
    }
    List<ScopeMetrics> scopes = rm.getScopeMetricsList();
    List<ScopeMetrics> out = null;
    for (int s = 0; s < scopes.size(); s++) {
      ScopeMetrics sm = scopes.get(s);
      ScopeMetrics changed = relabelScope(sm, state);
      if (changed != sm && out == null) {
        out = new ArrayList<>(scopes.subList(0, s));
      }
      if (out != null && changed != null) {
        out.add(changed);
      }
    }
    if (out == null) {
      return rm;
    }
    return out.isEmpty() ? null : rm.toBuilder().clearScopeMetrics().addAllScopeMetrics(out).build();
  }

  private @Nullable ScopeMetrics relabelScope(ScopeMetrics sm, State state) {
    List<Metric> metrics = sm.getMetricsList();
    List<Metric> out = null;
    for (int m = 0; m < metrics.size(); m++) {
      Metric metric = metrics.get(m);
      List<Metric> changed = relabelMetric(metric, state);
      if (changed != null && out == null) {
        out = new ArrayList<>(metrics.subList(0, m));
      }
      if (out != null) {
        if (changed != null) {
          out.addAll(changed);
        } else {
          out.add(metric);
        }
      }
    }
    if (out == null) {
      return sm;
    }
    return out.isEmpty() ? null : sm.toBuilder().clearMetrics().addAllMetrics(out).build();
  }

  /** The metrics replacing {@code m}, or null when no point changed. */
  private @Nullable List<Metric> relabelMetric(Metric m, State state) {
    switch (m.getDataCase()) {
      case GAUGE:
        return relabelPoints(m, m.getGauge().getDataPointsList(), NumberDataPoint::getAttributesList,
            (p, a) -> p.toBuilder().clearAttributes().addAllAttributes(a).build(),
            (b, points) -> b.setGauge(b.getGauge().toBuilder().clearDataPoints().addAllDataPoints(points)), state);
      case SUM:
        return relabelPoints(m, m.getSum().getDataPointsList(), NumberDataPoint::getAttributesList,
            (p, a) -> p.toBuilder().clearAttributes().addAllAttributes(a).build(),
            (b, points) -> b.setSum(b.getSum().toBuilder().clearDataPoints().addAllDataPoints(points)), state);
      case HISTOGRAM:
        return relabelPoints(m, m.getHistogram().getDataPointsList(), HistogramDataPoint::getAttributesList,
            (p, a) -> p.toBuilder().clearAttributes().addAllAttributes(a).build(),
            (b, points) -> b.setHistogram(b.getHistogram().toBuilder().clearDataPoints().addAllDataPoints(points)),
            state);
      case EXPONENTIAL_HISTOGRAM:
        return relabelPoints(m, m.getExponentialHistogram().getDataPointsList(),
            ExponentialHistogramDataPoint::getAttributesList,
            (p, a) -> p.toBuilder().clearAttributes().addAllAttributes(a).build(),
            (b, points) -> b.setExponentialHistogram(
                b.getExponentialHistogram().toBuilder().clearDataPoints().addAllDataPoints(points)),
            state);
      case SUMMARY:
        return relabelPoints(m, m.getSummary().getDataPointsList(), SummaryDataPoint::getAttributesList,
            (p, a) -> p.toBuilder().clearAttributes().addAllAttributes(a).build(),
            (b, points) -> b.setSummary(b.getSummary().toBuilder().clearDataPoints().addAllDataPoints(points)),
            state);
      default:
        return null; // no data points
    }
  }

  /** Sets a metric builder's points. */
  @FunctionalInterface
  private interface PointsSetter<P> {
    void set(Metric.Builder b, List<P> points);
  }

  private <P> @Nullable List<Metric> relabelPoints(Metric m, List<P> points, Function<P, List<KeyValue>> attributes,
      BiFunction<P, List<KeyValue>, P> withAttributes, PointsSetter<P> setPoints, State state) {
    String name = m.getName();
    // Output points by metric name, created at the first change.
    Map<String, List<P>> byName = null;
    for (int i = 0; i < points.size(); i++) {
      P p = points.get(i);
      List<KeyValue> attrs = attributes.apply(p);
      LabelsBuilder lb = state.labels.reset();
      for (int r = 0; r < state.resourceCount; r++) {
        lb.set(state.resourceNames[r], state.resourceValues[r]);
      }
      for (int a = 0; a < attrs.size(); a++) {
        lb.set(attrs.get(a).getKey(), render(attrs.get(a).getValue()));
      }
      lb.set(NAME_LABEL, name);
      boolean kept = relabeler.process(lb);
      String newName = kept ? lb.get(NAME_LABEL) : "";
      P result = p;
      if (kept && lb.changed()) {
        List<KeyValue> newAttrs = newAttributes(attrs, lb, state);
        if (newAttrs != null) {
          result = withAttributes.apply(p, newAttrs);
        }
      }
      boolean dropped = !kept || newName.isEmpty();
      if (byName == null && (dropped || result != p || !newName.equals(name))) {
        byName = new LinkedHashMap<>();
        if (i > 0) {
          byName.put(name, new ArrayList<>(points.subList(0, i)));
        }
      }
      if (dropped) {
        state.dropped++;
      } else if (byName != null) {
        byName.computeIfAbsent(newName, k -> new ArrayList<>()).add(result);
      }
    }
    if (byName == null) {
      return null;
    }
    List<Metric> out = new ArrayList<>(byName.size());
    for (Map.Entry<String, List<P>> e : byName.entrySet()) {
      Metric.Builder b = m.toBuilder().setName(e.getKey());
      setPoints.set(b, e.getValue());
      out.add(b.build());
    }
    return out;
  }

  /** The point's attributes after relabeling, or null when they are unchanged. */
  private static @Nullable List<KeyValue> newAttributes(List<KeyValue> attrs, LabelsBuilder lb, State state) {
    List<KeyValue> out = new ArrayList<>(lb.size());
    boolean same = true;
    for (KeyValue kv : attrs) {
      String key = kv.getKey();
      String before = render(kv.getValue());
      String after = lb.get(key);
      if (after.equals(before)) {
        out.add(kv); // unchanged, or empty and so never a label: keep its typed value
        continue;
      }
      same = false;
      if (!after.isEmpty() && !key.startsWith("__")) {
        out.add(stringAttribute(key, after));
      }
    }
    for (int i = 0; i < lb.size(); i++) {
      String key = lb.name(i);
      if (key.isEmpty() || key.startsWith("__") || hasKey(attrs, key)) {
        continue;
      }
      String value = lb.value(i);
      if (value.equals(resourceValue(state, key))) {
        continue; // still the resource's attribute, which the resource carries
      }
      same = false;
      out.add(stringAttribute(key, value));
    }
    return same ? null : out;
  }

  private static boolean hasKey(List<KeyValue> attrs, String key) {
    for (int i = 0; i < attrs.size(); i++) {
      if (attrs.get(i).getKey().equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String resourceValue(State state, String key) {
    // The last one wins, as when the labels were loaded.
    for (int r = state.resourceCount - 1; r >= 0; r--) {
      if (state.resourceNames[r].equals(key)) {
        return state.resourceValues[r];
      }
    }
    return null;
  }

  private static KeyValue stringAttribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  /**
   * An attribute value as a label value: strings as they are, booleans and integers as Go and
   * Java print them, doubles as the shortest plain decimal ({@code 1.5}, {@code 2}, {@code NaN},
   * {@code +Inf}), bytes as standard base64, arrays and maps as JSON.
   */
  static String render(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return v.getBoolValue() ? "true" : "false";
      case INT_VALUE:
        return Long.toString(v.getIntValue());
      case DOUBLE_VALUE:
        return renderDouble(v.getDoubleValue());
      case BYTES_VALUE:
        return Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE:
      case KVLIST_VALUE: {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, v);
        return sb.toString();
      }
      default:
        return "";
    }
  }

  private static String renderDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return "0";
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static void appendJson(StringBuilder sb, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
      case BYTES_VALUE:
        appendJsonString(sb, render(v));
        break;
      case BOOL_VALUE:
      case INT_VALUE:
        sb.append(render(v));
        break;
      case DOUBLE_VALUE: {
        double d = v.getDoubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          appendJsonString(sb, render(v));
        } else {
          sb.append(render(v));
        }
        break;
      }
      case ARRAY_VALUE: {
        sb.append('[');
        List<AnyValue> values = v.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          appendJson(sb, values.get(i));
        }
        sb.append(']');
        break;
      }
      case KVLIST_VALUE: {
        sb.append('{');
        List<KeyValue> values = v.getKvlistValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          appendJsonString(sb, values.get(i).getKey());
          sb.append(':');
          appendJson(sb, values.get(i).getValue());
        }
        sb.append('}');
        break;
      }
      default:
        sb.append("null");
    }
  }

  private static void appendJsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
