package io.otelcol4j.exporter.prometheusremotewrite;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  record Label(String name, String value) {}

  record Sample(double value, long timestampMs) {}

  record Exemplar(List<Label> labels, double value, long timestampMs) {}

  record BucketSpan(int offset, int length) {}

  /** A native histogram with integer counts; deltas as Prometheus stores them. */
  record Histogram(long count, double sum, int schema, double zeroThreshold, long zeroCount,
      List<BucketSpan> negativeSpans, long[] negativeDeltas, List<BucketSpan> positiveSpans, long[] positiveDeltas,
      int resetHint, long timestampMs) {}

  /** One series: sorted labels and its points in time order. */
  record TimeSeries(List<Label> labels, List<Sample> samples, List<Exemplar> exemplars, List<Histogram> histograms) {}

  /** MetricMetadata.MetricType values. */
  enum MetricType {
    UNKNOWN, COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET
  }

  record MetricMetadata(MetricType type, String familyName, String help, String unit) {}

  // ---- encoding ----

  /** The encoded bytes of one TimeSeries message (without the WriteRequest field tag). */
  static byte[] encode(TimeSeries ts) {
    return write(sizeOf(ts), out -> writeTo(ts, out));
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

  private static int sizeOf(Sample s) {
    return CodedOutputStream.computeDoubleSize(1, s.value) + CodedOutputStream.computeInt64Size(2, s.timestampMs);
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

  private static int sizeOf(TimeSeries ts) {
    int size = 0;
    for (Label l : ts.labels) {
      size += CodedOutputStream.computeTagSize(1) + sized(sizeOf(l));
    }
    for (Sample s : ts.samples) {
      size += CodedOutputStream.computeTagSize(2) + sized(sizeOf(s));
    }
    for (Exemplar e : ts.exemplars) {
      size += CodedOutputStream.computeTagSize(3) + sized(sizeOf(e));
    }
    for (Histogram h : ts.histograms) {
      size += CodedOutputStream.computeTagSize(4) + sized(sizeOf(h));
    }
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

  private static void writeTo(TimeSeries ts, CodedOutputStream out) throws IOException {
    for (Label l : ts.labels) {
      writeMessageHeader(out, 1, sizeOf(l));
      writeTo(l, out);
    }
    for (Sample s : ts.samples) {
      writeMessageHeader(out, 2, sizeOf(s));
      out.writeDouble(1, s.value);
      out.writeInt64(2, s.timestampMs);
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
