package io.otelcol4j.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * Counts items in serialized OTLP and remote-write messages by walking the protobuf wire format,
 * without building message objects, so the sinks spend little CPU next to the collector.
 */
final class WireCount {
  private WireCount() {}

  /** Spans in an ExportTraceServiceRequest: resource_spans(1).scope_spans(2).spans(2). */
  static long spans(byte[] b) throws IOException {
    return nested(CodedInputStream.newInstance(b), new int[] {1, 2, 2}, 0);
  }

  /** Log records in an ExportLogsServiceRequest: resource_logs(1).scope_logs(2).log_records(2). */
  static long logs(byte[] b) throws IOException {
    return nested(CodedInputStream.newInstance(b), new int[] {1, 2, 2}, 0);
  }

  /** Data points in an ExportMetricsServiceRequest (gauge, sum, histogram, exp. histogram, summary). */
  static long dataPoints(byte[] b) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b);
    long n = 0;
    // resource_metrics(1) -> scope_metrics(2) -> metrics(2) -> data (5,7,9,10,11) -> data_points(1)
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return n;
      }
      if (WireFormat.getTagFieldNumber(tag) == 1 && WireFormat.getTagWireType(tag) == 2) {
        int limit = in.pushLimit(in.readRawVarint32());
        n += scopeMetrics(in);
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
  }

  private static long scopeMetrics(CodedInputStream in) throws IOException {
    long n = 0;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (WireFormat.getTagFieldNumber(tag) == 2 && WireFormat.getTagWireType(tag) == 2) {
        int limit = in.pushLimit(in.readRawVarint32());
        while (!in.isAtEnd()) {
          int t = in.readTag();
          if (WireFormat.getTagFieldNumber(t) == 2 && WireFormat.getTagWireType(t) == 2) {
            int l2 = in.pushLimit(in.readRawVarint32());
            n += metric(in);
            in.popLimit(l2);
          } else {
            in.skipField(t);
          }
        }
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    return n;
  }

  private static long metric(CodedInputStream in) throws IOException {
    long n = 0;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      if ((field == 5 || field == 7 || field == 9 || field == 10 || field == 11)
          && WireFormat.getTagWireType(tag) == 2) {
        int limit = in.pushLimit(in.readRawVarint32());
        n += nested(in, new int[] {1}, 0);
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    return n;
  }

  /**
   * Remote-write WriteRequest: counts [series, samples] (timeseries(1).samples(2)); histograms(4)
   * count as samples too.
   */
  static long[] remoteWrite(byte[] b) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b);
    long series = 0;
    long samples = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return new long[] {series, samples};
      }
      if (WireFormat.getTagFieldNumber(tag) == 1 && WireFormat.getTagWireType(tag) == 2) {
        series++;
        int limit = in.pushLimit(in.readRawVarint32());
        while (!in.isAtEnd()) {
          int t = in.readTag();
          int f = WireFormat.getTagFieldNumber(t);
          if (f == 2 || f == 4) {
            samples++;
          }
          in.skipField(t);
        }
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
  }

  /** Counts occurrences of the last field of {@code path} under the earlier (message) fields. */
  private static long nested(CodedInputStream in, int[] path, int depth) throws IOException {
    long n = 0;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (WireFormat.getTagFieldNumber(tag) == path[depth] && WireFormat.getTagWireType(tag) == 2) {
        if (depth == path.length - 1) {
          n++;
          in.skipField(tag);
        } else {
          int limit = in.pushLimit(in.readRawVarint32());
          n += nested(in, path, depth + 1);
          in.popLimit(limit);
        }
      } else {
        in.skipField(tag);
      }
    }
    return n;
  }
}
