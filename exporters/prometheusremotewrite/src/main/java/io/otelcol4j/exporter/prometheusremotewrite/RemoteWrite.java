package io.otelcol4j.exporter.prometheusremotewrite;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Prometheus remote-write 1.0 messages ({@code prometheus/prompb}: {@code WriteRequest},
 * {@code TimeSeries}, {@code Label}, {@code Sample}, {@code Exemplar}, {@code Histogram},
 * {@code BucketSpan}, {@code MetricMetadata}) as records, with a hand-written protobuf encoder
 * using Prometheus's field numbers. Only encoding is needed here, so no protoc step.
 */
final class RemoteWrite {
  private RemoteWrite() {}

  /** The staleness marker Prometheus uses: a NaN with this exact bit pattern. */
  static final long STALE_NAN_BITS = 0x7ff0000000000002L;
  static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

  /** A label as text: exemplar labels (series keep theirs as bytes, see {@link Series}). */
  record Label(String name, String value) {}

  record Exemplar(List<Label> labels, double value, long timestampMs) {}

  record BucketSpan(int offset, int length) {}

  /** A native histogram with integer counts; deltas as Prometheus stores them. */
  record Histogram(long count, double sum, int schema, double zeroThreshold, long zeroCount,
      List<BucketSpan> negativeSpans, long[] negativeDeltas, List<BucketSpan> positiveSpans, long[] positiveDeltas,
      int resetHint, long timestampMs) {}

  /**
   * One series: its labels as UTF-8 bytes, sorted by name ({@code labels[2i]} is a name,
   * {@code labels[2i+1]} its value), a 64-bit hash of them, and its points in time order once the
   * translator is done with it. Made by one thread; handed to another only after it is complete.
   */
  static final class Series {
    final byte[][] labels;
    final long hash;
    /** The value of {@code __name__}, for ordering series in a request. */
    final byte[] metricName;
    /*
     * Most series get one sample per batch: it is kept in value0/timestamp0, and the arrays are
     * made only for a second one (then they hold every sample). Arrays of one element per series
     * were half of the exporter's allocation.
     */
    private double value0;
    private long timestamp0;
    private double[] values = NO_VALUES;
    private long[] timestamps = NO_TIMESTAMPS;
    int sampleCount;
    List<Exemplar> exemplars = List.of();
    List<Histogram> histograms = List.of();
    /** Encoded size of the TimeSeries message, or -1 until computed. */
    private int size = -1;

    Series(byte[][] labels, long hash, byte[] metricName) {
      this.labels = labels;
      this.hash = hash;
      this.metricName = metricName;
    }

    private static final byte[] JOB = "job".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INSTANCE = "instance".getBytes(StandardCharsets.UTF_8);

    /**
     * Which shard sends this series: a hash of its metric name, {@code job} and {@code instance}. A
     * series always maps to the same shard (its samples stay in order), and the series of one
     * metric family from one target travel together in the same requests, sorted, where snappy
     * finds the repeats between them; hashing all labels instead scattered a family over every shard
     * and cost ~17 % more bytes on the wire. Many targets still spread over all shards; a single
     * very large family from one target is sent by one shard.
     */
    long shardKey() {
      long h = 0xcbf29ce484222325L;
      h = fnv(h, metricName);
      for (int i = 0; i + 1 < labels.length; i += 2) {
        if (Arrays.equals(labels[i], JOB) || Arrays.equals(labels[i], INSTANCE)) {
          h = fnv(h, labels[i + 1]);
          h = (h ^ 0xff) * 0x100000001b3L; // separator, so that ("ab","c") and ("a","bc") differ
        }
      }
      return h ^ (h >>> 29);
    }

    private static long fnv(long h, byte[] b) {
      for (byte x : b) {
        h = (h ^ (x & 0xff)) * 0x100000001b3L;
      }
      return h;
    }

    void addSample(double value, long timestampMs) {
      if (sampleCount == 0) {
        value0 = value;
        timestamp0 = timestampMs;
        sampleCount = 1;
        return;
      }
      if (sampleCount == 1) {
        values = new double[4];
        timestamps = new long[4];
        values[0] = value0;
        timestamps[0] = timestamp0;
      } else if (sampleCount == values.length) {
        int n = Math.max(1, sampleCount * 2);
        values = Arrays.copyOf(values, n);
        timestamps = Arrays.copyOf(timestamps, n);
      }
      values[sampleCount] = value;
      timestamps[sampleCount] = timestampMs;
      sampleCount++;
    }

    void addExemplar(Exemplar e) {
      if (exemplars.isEmpty()) {
        exemplars = new ArrayList<>(1);
      }
      exemplars.add(e);
    }

    void addHistogram(Histogram h) {
      if (histograms.isEmpty()) {
        histograms = new ArrayList<>(1);
      }
      histograms.add(h);
    }

    double value(int i) {
      return sampleCount == 1 ? value0 : values[i];
    }

    long timestamp(int i) {
      return sampleCount == 1 ? timestamp0 : timestamps[i];
    }

    /** Samples and histograms in timestamp order (stable: equal timestamps keep their order). */
    void sortPoints() {
      for (int i = 1; i < sampleCount; i++) {
        if (timestamps[i] < timestamps[i - 1]) {
          sortSamples();
          break;
        }
      }
      if (histograms.size() > 1) {
        histograms.sort(Comparator.comparingLong(Histogram::timestampMs));
      }
    }

    private void sortSamples() {
      for (int i = 1; i < sampleCount; i++) {
        long t = timestamps[i];
        double v = values[i];
        int j = i - 1;
        while (j >= 0 && timestamps[j] > t) {
          timestamps[j + 1] = timestamps[j];
          values[j + 1] = values[j];
          j--;
        }
        timestamps[j + 1] = t;
        values[j + 1] = v;
      }
    }

    /** The labels as text pairs (tests and diagnostics). */
    List<Label> labelList() {
      List<Label> out = new ArrayList<>(labels.length / 2);
      for (int i = 0; i < labels.length; i += 2) {
        out.add(new Label(new String(labels[i], StandardCharsets.UTF_8), new String(labels[i + 1], StandardCharsets.UTF_8)));
      }
      return out;
    }
  }

  /** Orders series by metric name, then by their labels pairwise: similar series end up adjacent. */
  static final Comparator<Series> BY_LABELS = (a, b) -> {
    int c = a.metricName == b.metricName ? 0 : Arrays.compareUnsigned(a.metricName, b.metricName);
    if (c != 0) {
      return c;
    }
    byte[][] x = a.labels;
    byte[][] y = b.labels;
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i++) {
      if (x[i] != y[i]) {
        c = Arrays.compareUnsigned(x[i], y[i]);
        if (c != 0) {
          return c;
        }
      }
    }
    return Integer.compare(x.length, y.length);
  };

  private static final double[] NO_VALUES = new double[0];
  private static final long[] NO_TIMESTAMPS = new long[0];

  /** MetricMetadata.MetricType values. */
  enum MetricType {
    UNKNOWN, COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET
  }

  record MetricMetadata(MetricType type, String familyName, String help, String unit) {}

  // ---- encoding ----

  /** The encoded bytes of one TimeSeries message (without the WriteRequest field tag). */
  static byte[] encode(Series ts) {
    return write(sizeOf(ts), out -> writeTo(ts, out));
  }

  /** Bytes series {@code ts} takes as field 1 of a WriteRequest. */
  static int fieldSize(Series ts) {
    return fieldSize(sizeOf(ts));
  }

  /**
   * Writes a WriteRequest holding {@code series[from, to)} into {@code buf} from offset 0;
   * {@code size} must be the sum of their {@link #fieldSize(Series)}.
   */
  static void writeRequest(List<Series> series, int from, int to, byte[] buf, int size) {
    CodedOutputStream out = CodedOutputStream.newInstance(buf, 0, size);
    try {
      for (int i = from; i < to; i++) {
        Series ts = series.get(i);
        writeMessageHeader(out, 1, sizeOf(ts));
        writeTo(ts, out);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The encoded bytes of one MetricMetadata message. */
  static byte[] encode(MetricMetadata m) {
    return write(sizeOf(m), out -> writeTo(m, out));
  }

  /** Bytes a message of {@code size} takes as a length-delimited field 1 or 3 of WriteRequest. */
  static int fieldSize(int size) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  /** A WriteRequest from encoded series (field 1) and metadata (field 3). */
  static byte[] writeRequest(List<byte[]> series, List<byte[]> metadata) {
    int size = 0;
    for (byte[] s : series) {
      size += fieldSize(s.length);
    }
    for (byte[] m : metadata) {
      size += fieldSize(m.length);
    }
    return write(size, out -> {
      for (byte[] s : series) {
        out.writeByteArray(1, s);
      }
      for (byte[] m : metadata) {
        out.writeByteArray(3, m);
      }
    });
  }

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] write(int size, Body body) {
    byte[] buf = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(buf);
    try {
      body.write(out);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf;
  }

  private static int sizeOf(Label l) {
    return CodedOutputStream.computeStringSize(1, l.name) + CodedOutputStream.computeStringSize(2, l.value);
  }

  private static int sizeOf(Exemplar e) {
    int size = 0;
    for (Label l : e.labels) {
      size += CodedOutputStream.computeTagSize(1) + sized(sizeOf(l));
    }
    return size + CodedOutputStream.computeDoubleSize(2, e.value) + CodedOutputStream.computeInt64Size(3, e.timestampMs);
  }

  private static int sizeOf(BucketSpan s) {
    return CodedOutputStream.computeSInt32Size(1, s.offset) + CodedOutputStream.computeUInt32Size(2, s.length);
  }

  private static int packedSInt64(long[] values) {
    int n = 0;
    for (long v : values) {
      n += CodedOutputStream.computeSInt64SizeNoTag(v);
    }
    return n;
  }

  private static int sizeOf(Histogram h) {
    int size = CodedOutputStream.computeUInt64Size(1, h.count)
        + CodedOutputStream.computeDoubleSize(3, h.sum)
        + CodedOutputStream.computeSInt32Size(4, h.schema)
        + CodedOutputStream.computeDoubleSize(5, h.zeroThreshold)
        + CodedOutputStream.computeUInt64Size(6, h.zeroCount);
    for (BucketSpan s : h.negativeSpans) {
      size += CodedOutputStream.computeTagSize(8) + sized(sizeOf(s));
    }
    if (h.negativeDeltas.length > 0) {
      size += CodedOutputStream.computeTagSize(9) + sized(packedSInt64(h.negativeDeltas));
    }
    for (BucketSpan s : h.positiveSpans) {
      size += CodedOutputStream.computeTagSize(11) + sized(sizeOf(s));
    }
    if (h.positiveDeltas.length > 0) {
      size += CodedOutputStream.computeTagSize(12) + sized(packedSInt64(h.positiveDeltas));
    }
    return size + CodedOutputStream.computeEnumSize(14, h.resetHint) + CodedOutputStream.computeInt64Size(15, h.timestampMs);
  }

  private static int bytesField(byte[] b) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(b.length) + b.length;
  }

  private static int sampleSize(long timestampMs) {
    return CodedOutputStream.computeDoubleSize(1, 0) + CodedOutputStream.computeInt64Size(2, timestampMs);
  }

  private static int sizeOf(Series ts) {
    int cached = ts.size;
    if (cached >= 0) {
      return cached;
    }
    int size = 0;
    byte[][] labels = ts.labels;
    for (int i = 0; i < labels.length; i += 2) {
      size += 1 + sized(bytesField(labels[i]) + bytesField(labels[i + 1]));
    }
    for (int i = 0; i < ts.sampleCount; i++) {
      size += 1 + sized(sampleSize(ts.timestamp(i)));
    }
    for (Exemplar e : ts.exemplars) {
      size += CodedOutputStream.computeTagSize(3) + sized(sizeOf(e));
    }
    for (Histogram h : ts.histograms) {
      size += CodedOutputStream.computeTagSize(4) + sized(sizeOf(h));
    }
    ts.size = size;
    return size;
  }

  private static int sizeOf(MetricMetadata m) {
    return CodedOutputStream.computeEnumSize(1, m.type.ordinal())
        + CodedOutputStream.computeStringSize(2, m.familyName)
        + CodedOutputStream.computeStringSize(4, m.help)
        + CodedOutputStream.computeStringSize(5, m.unit);
  }

  private static int sized(int size) {
    return CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static void writeMessageHeader(CodedOutputStream out, int field, int size) throws IOException {
    out.writeTag(field, 2);
    out.writeUInt32NoTag(size);
  }

  private static void writeTo(Label l, CodedOutputStream out) throws IOException {
    out.writeString(1, l.name);
    out.writeString(2, l.value);
  }

  private static void writeTo(Series ts, CodedOutputStream out) throws IOException {
    byte[][] labels = ts.labels;
    for (int i = 0; i < labels.length; i += 2) {
      writeMessageHeader(out, 1, bytesField(labels[i]) + bytesField(labels[i + 1]));
      out.writeByteArray(1, labels[i]);
      out.writeByteArray(2, labels[i + 1]);
    }
    for (int i = 0; i < ts.sampleCount; i++) {
      long t = ts.timestamp(i);
      writeMessageHeader(out, 2, sampleSize(t));
      out.writeDouble(1, ts.value(i));
      out.writeInt64(2, t);
    }
    for (Exemplar e : ts.exemplars) {
      writeMessageHeader(out, 3, sizeOf(e));
      for (Label l : e.labels) {
        writeMessageHeader(out, 1, sizeOf(l));
        writeTo(l, out);
      }
      out.writeDouble(2, e.value);
      out.writeInt64(3, e.timestampMs);
    }
    for (Histogram h : ts.histograms) {
      writeMessageHeader(out, 4, sizeOf(h));
      out.writeUInt64(1, h.count);
      out.writeDouble(3, h.sum);
      out.writeSInt32(4, h.schema);
      out.writeDouble(5, h.zeroThreshold);
      out.writeUInt64(6, h.zeroCount);
      for (BucketSpan s : h.negativeSpans) {
        writeMessageHeader(out, 8, sizeOf(s));
        out.writeSInt32(1, s.offset);
        out.writeUInt32(2, s.length);
      }
      if (h.negativeDeltas.length > 0) {
        writeMessageHeader(out, 9, packedSInt64(h.negativeDeltas));
        for (long d : h.negativeDeltas) {
          out.writeSInt64NoTag(d);
        }
      }
      for (BucketSpan s : h.positiveSpans) {
        writeMessageHeader(out, 11, sizeOf(s));
        out.writeSInt32(1, s.offset);
        out.writeUInt32(2, s.length);
      }
      if (h.positiveDeltas.length > 0) {
        writeMessageHeader(out, 12, packedSInt64(h.positiveDeltas));
        for (long d : h.positiveDeltas) {
          out.writeSInt64NoTag(d);
        }
      }
      out.writeEnum(14, h.resetHint);
      out.writeInt64(15, h.timestampMs);
    }
  }

  private static void writeTo(MetricMetadata m, CodedOutputStream out) throws IOException {
    out.writeEnum(1, m.type.ordinal());
    out.writeString(2, m.familyName);
    out.writeString(4, m.help);
    out.writeString(5, m.unit);
  }
}
