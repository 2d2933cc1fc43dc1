package io.otelcol4j.consumer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;

/** An immutable batch of records: OTLP {@code ResourceLogs} with its log record count. */
public final class LogsBatch implements Batch<LogsBatch> {
  private static final LogsBatch EMPTY = new LogsBatch(List.of(), 0);

  private final List<ResourceLogs> resourceLogs;
  private final int recordCount;
  private volatile ExportLogsServiceRequest request;

  private LogsBatch(List<ResourceLogs> resourceLogs, int recordCount) {
    this.resourceLogs = resourceLogs;
    this.recordCount = recordCount;
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
    return new LogsBatch(copy, n);
  }

  /** A batch holding the content of an OTLP export request, sharing its messages. */
  public static LogsBatch of(ExportLogsServiceRequest request) {
    LogsBatch b = of(request.getResourceLogsList());
    b.request = request;
    return b;
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

  @Override
  public int serializedSize() {
    return toRequest().getSerializedSize();
  }

  @Override
  public byte[] toByteArray() {
    return toRequest().toByteArray();
  }

  @Override
  public LogsBatch merge(List<LogsBatch> others) {
    List<ResourceLogs> all = new ArrayList<>(resourceLogs);
    int n = recordCount;
    for (LogsBatch b : others) {
      all.addAll(b.resourceLogs);
      n += b.recordCount;
    }
    return new LogsBatch(List.copyOf(all), n);
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
            out.add(new LogsBatch(List.copyOf(current), currentCount));
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
      out.add(new LogsBatch(List.copyOf(current), currentCount));
    }
    return out;
  }

  @Override
  public String toString() {
    return "LogsBatch{resources=" + resourceLogs.size() + ", records=" + recordCount + "}";
  }
}
