package io.otelcol4j.exporter.prometheusremotewrite;

import com.google.protobuf.CodedInputStream;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side decoder of remote-write bodies, independent of the encoder: reads the protobuf wire
 * format field by field and renders a stable text form for golden files and assertions.
 */
final class WriteRequestText {
  private WriteRequestText() {}

  /** One decoded series: its labels as {@code {a="b", ...}} and rendered points. */
  record Series(String labels, List<String> points) {
    String name() {
      int i = labels.indexOf("__name__=\"");
      return i < 0 ? "" : labels.substring(i + 10, labels.indexOf('"', i + 10));
    }
  }

  record Decoded(List<Series> series, List<String> metadata) {
    String render() {
      StringBuilder b = new StringBuilder();
      for (Series s : series) {
        b.append("series ").append(s.labels).append('\n');
        for (String p : s.points) {
          b.append("  ").append(p).append('\n');
        }
      }
      for (String m : metadata) {
        b.append("metadata ").append(m).append('\n');
      }
      return b.toString();
    }
  }

  static byte[] unsnappy(byte[] compressed) {
    SnappyDecompressor d = new SnappyDecompressor();
    byte[] out = new byte[SnappyDecompressor.getUncompressedLength(compressed, 0)];
    d.decompress(compressed, 0, compressed.length, out, 0, out.length);
    return out;
  }

  static Decoded decode(byte[] writeRequest) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(writeRequest);
    List<Series> series = new ArrayList<>();
    List<String> metadata = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> series.add(series(in.readByteArray()));
        case 3 -> metadata.add(metadata(in.readByteArray()));
        default -> throw new IOException("unexpected WriteRequest field " + (tag >>> 3));
      }
    }
    return new Decoded(series, metadata);
  }

  private static Series series(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<String> labels = new ArrayList<>();
    List<String> points = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> labels.add(label(in.readByteArray()));
        case 2 -> points.add(sample(in.readByteArray()));
        case 3 -> points.add(exemplar(in.readByteArray()));
        case 4 -> points.add(histogram(in.readByteArray()));
        default -> throw new IOException("unexpected TimeSeries field " + (tag >>> 3));
      }
    }
    return new Series("{" + String.join(", ", labels) + "}", points);
  }

  private static String label(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    String name = "";
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> name = in.readString();
        case 2 -> value = in.readString();
        default -> throw new IOException("unexpected Label field");
      }
    }
    return name + "=\"" + value + "\"";
  }

  static String value(double v) {
    if (Double.doubleToRawLongBits(v) == 0x7ff0000000000002L) {
      return "StaleNaN";
    }
    return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String sample(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    double v = 0;
    long ts = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> v = in.readDouble();
        case 2 -> ts = in.readInt64();
        default -> throw new IOException("unexpected Sample field");
      }
    }
    return "sample " + value(v) + " @" + ts;
  }

  private static String exemplar(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<String> labels = new ArrayList<>();
    double v = 0;
    long ts = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> labels.add(label(in.readByteArray()));
        case 2 -> v = in.readDouble();
        case 3 -> ts = in.readInt64();
        default -> throw new IOException("unexpected Exemplar field");
      }
    }
    return "exemplar {" + String.join(", ", labels) + "} " + value(v) + " @" + ts;
  }

  private static String span(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    int offset = 0;
    int length = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> offset = in.readSInt32();
        case 2 -> length = in.readUInt32();
        default -> throw new IOException("unexpected BucketSpan field");
      }
    }
    return offset + ":" + length;
  }

  private static List<Long> packed(CodedInputStream in) throws IOException {
    List<Long> out = new ArrayList<>();
    int limit = in.pushLimit(in.readRawVarint32());
    while (in.getBytesUntilLimit() > 0) {
      out.add(in.readSInt64());
    }
    in.popLimit(limit);
    return out;
  }

  private static String histogram(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    StringBuilder b = new StringBuilder("histogram");
    List<String> pos = new ArrayList<>();
    List<String> neg = new ArrayList<>();
    List<Long> posDeltas = new ArrayList<>();
    List<Long> negDeltas = new ArrayList<>();
    long ts = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> b.append(" count=").append(in.readUInt64());
        case 3 -> b.append(" sum=").append(value(in.readDouble()));
        case 4 -> b.append(" schema=").append(in.readSInt32());
        case 5 -> b.append(" zero_threshold=").append(in.readDouble());
        case 6 -> b.append(" zero_count=").append(in.readUInt64());
        case 8 -> neg.add(span(in.readByteArray()));
        case 9 -> negDeltas.addAll(packed(in));
        case 11 -> pos.add(span(in.readByteArray()));
        case 12 -> posDeltas.addAll(packed(in));
        case 14 -> b.append(" reset_hint=").append(in.readEnum());
        case 15 -> ts = in.readInt64();
        default -> throw new IOException("unexpected Histogram field " + (tag >>> 3));
      }
    }
    return b.append(" positive=").append(pos).append(posDeltas).append(" negative=").append(neg).append(negDeltas)
        .append(" @").append(ts).toString();
  }

  private static String metadata(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    int type = 0;
    String family = "";
    String help = "";
    String unit = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> type = in.readEnum();
        case 2 -> family = in.readString();
        case 4 -> help = in.readString();
        case 5 -> unit = in.readString();
        default -> throw new IOException("unexpected MetricMetadata field");
      }
    }
    return RemoteWrite.MetricType.values()[type] + " " + family + " help=\"" + help + "\" unit=\"" + unit + "\"";
  }
}
