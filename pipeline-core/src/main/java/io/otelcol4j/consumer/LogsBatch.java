package io.otelcol4j.consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An immutable batch of records: OTLP {@code ResourceLogs} with its log record count. */
public final class LogsBatch implements Batch<LogsBatch> {
  private static final LogsBatch EMPTY = new LogsBatch(List.of(), 0, null);

  private final List<ResourceLogs> resourceLogs;
  private final int recordCount;
  private volatile @Nullable ExportLogsServiceRequest request;
  /** The protobuf encoding of the request this batch was received as; never modified nor exposed mutable. */
  private final byte @Nullable [] wire;

  private LogsBatch(List<ResourceLogs> resourceLogs, int recordCount, byte @Nullable [] wire) {
    this.resourceLogs = resourceLogs;
    this.recordCount = recordCount;
    this.wire = wire;
  }

  /** A batch holding these resource records (the list is copied; messages are immutable). */
  public static LogsBatch of(List<ResourceLogs> resourceLogs) {
    List<ResourceLogs> copy = List.copyOf(resourceLogs);
    int n = 0;
    for (ResourceLogs rs : copy) {
      for (ScopeLogs ss : rs.getScopeLogsList()) {
        n += ss.getLogRecordsCount();
      }
    }
    return new LogsBatch(copy, n, null);
  }

  /** A batch holding the content of an OTLP export request, sharing its messages. */
  public static LogsBatch of(ExportLogsServiceRequest request) {
    LogsBatch b = of(request.getResourceLogsList());
    b.request = request;
    return b;
  }

  /**
   * A batch holding the content of an OTLP export request, received as {@code wire}: the batch keeps
   * these bytes and {@link #toByteArray()}, {@link #serializedSize()} and {@link #wireBytes()} use
   * them instead of encoding the request again. {@code wire} must be the protobuf encoding of
   * exactly {@code request} (it parses to it), and is owned by the batch from now on: the caller must
   * not modify it.
   */
  public static LogsBatch of(ExportLogsServiceRequest request, byte[] wire) {
    LogsBatch b = of(request.getResourceLogsList());
    LogsBatch w = new LogsBatch(b.resourceLogs, b.recordCount, wire);
    w.request = request;
    return w;
  }

  public static LogsBatch empty() {
    return EMPTY;
  }

  /** Parses an OTLP {@code ExportLogsServiceRequest} in protobuf wire format. */
  public static LogsBatch parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
    return of(ExportLogsServiceRequest.parseFrom(bytes));
  }

  public List<ResourceLogs> resourceLogs() {
    return resourceLogs;
  }

  /** The batch as an OTLP export request (built once and cached). */
  public ExportLogsServiceRequest toRequest() {
    ExportLogsServiceRequest r = request;
    if (r == null) {
      r = ExportLogsServiceRequest.newBuilder().addAllResourceLogs(resourceLogs).build();
      request = r;
    }
    return r;
  }

  @Override
  public Signal signal() {
    return Signal.LOGS;
  }

  @Override
  public int itemCount() {
    return recordCount;
  }

  @Override
  public int resourceCount() {
    return resourceLogs.size();
  }

  /**
   * The exact bytes this batch was received as (see {@link #of(ExportLogsServiceRequest, byte[])}), as a read-only
   * view without copying, or null when the batch was built otherwise (then encode {@link #toRequest()}).
   */
  public @Nullable ByteString wireBytes() {
    byte[] w = wire;
    return w == null ? null : UnsafeByteOperations.unsafeWrap(w);
  }

  @Override
  public int serializedSize() {
    byte[] w = wire;
    return w != null ? w.length : toRequest().getSerializedSize();
  }

  @Override
  public byte[] toByteArray() {
    byte[] w = wire;
    return w != null ? w.clone() : toRequest().toByteArray();
  }

  @Override
  public LogsBatch merge(List<LogsBatch> others) {
    List<ResourceLogs> all = new ArrayList<>(resourceLogs);
    int n = recordCount;
    for (LogsBatch b : others) {
      all.addAll(b.resourceLogs);
      n += b.recordCount;
    }
    return new LogsBatch(List.copyOf(all), n, concatWire(others));
  }

  /**
   * An export request is only {@code repeated ResourceLogs = 1}, so the concatenation of encoded requests
   * is the encoding of the merged request: one copy when every part kept its wire bytes, else null.
   */
  private byte @Nullable [] concatWire(List<LogsBatch> others) {
    byte[] first = wire;
    if (first == null) {
      return null;
    }
    long size = first.length;
    for (LogsBatch b : others) {
      byte[] w = b.wire;
      if (w == null) {
        return null;
      }
      size += w.length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      return null;
    }
    byte[] out = new byte[(int) size];
    System.arraycopy(first, 0, out, 0, first.length);
    int pos = first.length;
    for (LogsBatch b : others) {
      byte[] w = b.wire;
      System.arraycopy(w, 0, out, pos, w.length);
      pos += w.length;
    }
    return out;
  }

  @Override
  public List<LogsBatch> split(int maxItems) {
    if (maxItems <= 0) {
      throw new IllegalArgumentException("maxItems: " + maxItems + " (expected: > 0)");
    }
    if (recordCount <= maxItems) {
      return List.of(this);
    }
    List<LogsBatch> out = new ArrayList<>();
    List<ResourceLogs> current = new ArrayList<>();
    int currentCount = 0;
    for (ResourceLogs rs : resourceLogs) {
      ResourceLogs.Builder rsPart = null;
      for (ScopeLogs ss : rs.getScopeLogsList()) {
        int from = 0;
        List<LogRecord> records = ss.getLogRecordsList();
        while (from < records.size()) {
          int room = maxItems - currentCount;
          int to = Math.min(records.size(), from + room);
          if (rsPart == null) {
            rsPart = rs.toBuilder().clearScopeLogs();
          }
          rsPart.addScopeLogs(ss.toBuilder().clearLogRecords().addAllLogRecords(records.subList(from, to)));
          currentCount += to - from;
          from = to;
          if (currentCount == maxItems) {
            current.add(rsPart.build());
            rsPart = null;
            out.add(new LogsBatch(List.copyOf(current), currentCount, null));
            current.clear();
            currentCount = 0;
          }
        }
      }
      if (rsPart != null) {
        current.add(rsPart.build());
      }
    }
    if (currentCount > 0) {
      out.add(new LogsBatch(List.copyOf(current), currentCount, null));
    }
    return out;
  }

  @Override
  public String toString() {
    return "LogsBatch{resources=" + resourceLogs.size() + ", records=" + recordCount + "}";
  }
}
