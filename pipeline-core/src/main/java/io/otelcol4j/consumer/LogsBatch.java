package io.otelcol4j.consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable batch of log records: OTLP {@code ResourceLogs} with its record count.
 *
 * <p>A batch made from received bytes ({@link #parseFrom}) keeps only those bytes, checked and
 * counted but not decoded: the messages are parsed the first time someone asks for them
 * ({@link #resourceLogs()}, {@link #toRequest()}), so a pipeline that only batches and forwards
 * never decodes nor re-encodes a log record.
 */
public final class LogsBatch implements Batch<LogsBatch> {
  private static final WireScanner SCANNER =
      WireForm.scanner(ExportLogsServiceRequest.getDescriptor(), LogRecord.getDescriptor().getFullName());
  private static final LogsBatch EMPTY = new LogsBatch(List.of(), 0, 0, null);

  /** Null until first needed when the batch was made from bytes. */
  private volatile @Nullable List<ResourceLogs> resourceLogs;
  private final int resourceCount;
  private final int recordCount;
  private volatile @Nullable ExportLogsServiceRequest request;
  /** The protobuf encoding of this batch's request as received, in pieces (see WireForm); never modified. */
  private final @Nullable List<byte[]> wire;

  private LogsBatch(@Nullable List<ResourceLogs> resourceLogs, int resourceCount, int recordCount,
      @Nullable List<byte[]> wire) {
    this.resourceLogs = resourceLogs;
    this.resourceCount = resourceCount;
    this.recordCount = recordCount;
    this.wire = wire;
  }

  /** A batch holding these resource logs (the list is copied; messages are immutable). */
  public static LogsBatch of(List<ResourceLogs> resourceLogs) {
    List<ResourceLogs> copy = List.copyOf(resourceLogs);
    return new LogsBatch(copy, copy.size(), count(copy), null);
  }

  private static int count(List<ResourceLogs> resourceLogs) {
    int n = 0;
    for (ResourceLogs rs : resourceLogs) {
      for (ScopeLogs ss : rs.getScopeLogsList()) {
        n += ss.getLogRecordsCount();
      }
    }
    return n;
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
    List<ResourceLogs> list = request.getResourceLogsList();
    LogsBatch b = new LogsBatch(list, list.size(), count(list), List.of(wire));
    b.request = request;
    return b;
  }

  public static LogsBatch empty() {
    return EMPTY;
  }

  /**
   * A batch of an OTLP {@code ExportLogsServiceRequest} in protobuf wire format, checked and counted
   * now and decoded only when its messages are asked for. The batch keeps {@code bytes}: the caller
   * must not modify them afterwards.
   *
   * @throws InvalidProtocolBufferException when protobuf's parser would refuse the bytes, with its message
   */
  public static LogsBatch parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
    WireScanner.Counts c = WireForm.counts(SCANNER, bytes);
    if (c == null) {
      // The parser's own message for the client; a request it accepts after all is used as parsed.
      return of(ExportLogsServiceRequest.parseFrom(bytes), bytes);
    }
    return new LogsBatch(null, c.resources(), c.items(), List.of(bytes));
  }

  public List<ResourceLogs> resourceLogs() {
    List<ResourceLogs> r = resourceLogs;
    if (r == null) {
      r = toRequest().getResourceLogsList();
      resourceLogs = r;
    }
    return r;
  }

  /** The batch as an OTLP export request (built or parsed once and cached). */
  public ExportLogsServiceRequest toRequest() {
    ExportLogsServiceRequest r = request;
    if (r == null) {
      List<ResourceLogs> list = resourceLogs;
      if (list != null) {
        r = ExportLogsServiceRequest.newBuilder().addAllResourceLogs(list).build();
      } else {
        List<byte[]> w = wire;
        if (w == null) {
          throw new IllegalStateException("a batch has neither messages nor bytes");
        }
        r = WireForm.mergeAll(w, ExportLogsServiceRequest.newBuilder()).build();
      }
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
    return resourceCount;
  }

  /**
   * The exact bytes this batch was received as (see {@link #parseFrom}), without copying, or null
   * when the batch was built otherwise (then encode {@link #toRequest()}).
   */
  public @Nullable ByteString wireBytes() {
    List<byte[]> w = wire;
    return w == null ? null : WireForm.bytes(w);
  }

  @Override
  public int serializedSize() {
    List<byte[]> w = wire;
    return w != null ? WireForm.size(w) : toRequest().getSerializedSize();
  }

  @Override
  public byte[] toByteArray() {
    List<byte[]> w = wire;
    return w != null ? WireForm.toByteArray(w) : toRequest().toByteArray();
  }

  @Override
  public LogsBatch merge(List<LogsBatch> others) {
    int resources = resourceCount;
    int n = recordCount;
    List<@Nullable List<byte[]>> wires = new ArrayList<>(others.size());
    for (LogsBatch b : others) {
      resources += b.resourceCount;
      n += b.recordCount;
      wires.add(b.wire);
    }
    List<byte[]> merged = WireForm.concat(wire, wires);
    if (merged != null) {
      return new LogsBatch(null, resources, n, merged);
    }
    List<ResourceLogs> all = new ArrayList<>(resources);
    all.addAll(resourceLogs());
    for (LogsBatch b : others) {
      all.addAll(b.resourceLogs());
    }
    return new LogsBatch(List.copyOf(all), resources, n, null);
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
    for (ResourceLogs rs : resourceLogs()) {
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
            out.add(of(current));
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
      out.add(of(current));
    }
    return out;
  }

  @Override
  public String toString() {
    return "LogsBatch{resources=" + resourceCount + ", records=" + recordCount + "}";
  }
}
