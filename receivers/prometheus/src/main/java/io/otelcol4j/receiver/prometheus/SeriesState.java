package io.otelcol4j.receiver.prometheus;

import com.google.protobuf.Message;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a target remembers of one OTLP series (a family plus a label set) between scrapes: enough
 * to write its start time, to detect a counter reset and to write a staleness marker when it goes
 * away; the data point it is collecting in the current scrape; and, built once, a data point
 * holding only its attributes that every scrape's point starts from (protobuf shares the immutable
 * attribute list of a message it merges into an empty builder). The label array holds the parser's
 * cached strings, so it is shared across scrapes. Histograms and summaries get a {@link
 * Distribution}, so the many plain series do not carry bucket fields.
 */
sealed class SeriesState permits SeriesState.Distribution {
  private static final double[] NONE = new double[0];

  final String family;
  final PointKind kind;
  /** Alternating names and values, sorted by name; job and instance included. */
  final String[] labels;
  long startNanos;
  long lastNanos;
  /** The value compared for resets: a counter's value, or a histogram's or summary's count. */
  double lastValue;
  /** Whether the translator's series map holds this state (false once stale, or while new in a scrape). */
  boolean live;
  /** The (job, instance) resource, set by the translator. */
  ScrapeTranslator.@Nullable ResourceKey resource;
  /** A data point of the kind's type with only the attributes; built on first use. */
  @Nullable Message prototype;

  // ---- the point of the current scrape (valid when generation is the translator's) ----
  int generation = -1;
  long tsMillis;
  double value;
  long createdNanos;
  @Nullable List<Exemplar> exemplars;

  /** A state for the kind: histograms and summaries collect buckets or quantiles too. */
  static SeriesState of(String family, PointKind kind, String[] labels) {
    return kind == PointKind.HISTOGRAM || kind == PointKind.SUMMARY
        ? new Distribution(family, kind, labels) : new SeriesState(family, kind, labels);
  }

  SeriesState(String family, PointKind kind, String[] labels) {
    this.family = family;
    this.kind = kind;
    this.labels = labels;
  }

  /** Starts this scrape's point. */
  void begin(int scrapeGeneration) {
    generation = scrapeGeneration;
    tsMillis = Long.MIN_VALUE;
    value = 0;
    createdNanos = 0;
    exemplars = null;
  }

  /** The distribution part of a histogram's or summary's state. */
  Distribution distribution() {
    return (Distribution) this;
  }

  /** A histogram's or summary's state. */
  static final class Distribution extends SeriesState {
    double sum;
    boolean hasSum;
    double count;
    boolean hasCount;
    /** Bucket bounds (le) or quantiles, with their values; unsorted until sorted. */
    double[] bounds = NONE;
    double[] values = NONE;
    int n;

    Distribution(String family, PointKind kind, String[] labels) {
      super(family, kind, labels);
    }

    @Override
    void begin(int scrapeGeneration) {
      super.begin(scrapeGeneration);
      sum = 0;
      hasSum = false;
      count = 0;
      hasCount = false;
      n = 0;
    }

    void addBucket(double bound, double v) {
      if (n == bounds.length) {
        bounds = Arrays.copyOf(bounds, Math.max(8, n * 2));
        values = Arrays.copyOf(values, bounds.length);
      }
      bounds[n] = bound;
      values[n] = v;
      n++;
    }

    private void sort() {
      for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && bounds[j - 1] > bounds[j]; j--) {
          double b = bounds[j];
          bounds[j] = bounds[j - 1];
          bounds[j - 1] = b;
          double v = values[j];
          values[j] = values[j - 1];
          values[j - 1] = v;
        }
      }
    }

    /** The point's count: {@code _count}, else the {@code +Inf} bucket, else 0. */
    double count() {
      if (hasCount) {
        return count;
      }
      sort();
      return n > 0 && bounds[n - 1] == Double.POSITIVE_INFINITY ? values[n - 1] : 0;
    }

    void fillHistogram(HistogramDataPoint.Builder h) {
      sort();
      double total = count();
      h.setCount((long) total);
      if (hasSum) {
        h.setSum(sum);
      }
      double previous = 0;
      for (int i = 0; i < n; i++) {
        if (bounds[i] == Double.POSITIVE_INFINITY) {
          break;
        }
        h.addExplicitBounds(bounds[i]);
        h.addBucketCounts((long) Math.max(0, values[i] - previous));
        previous = values[i];
      }
      h.addBucketCounts((long) Math.max(0, total - previous));
      if (exemplars != null) {
        h.addAllExemplars(exemplars);
      }
    }

    void fillQuantiles(SummaryDataPoint.Builder s) {
      sort();
      for (int i = 0; i < n; i++) {
        s.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(bounds[i]).setValue(values[i]));
      }
    }
  }
}
