package io.otelcol4j.consumer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;

/** An immutable batch of spans: OTLP {@code ResourceSpans} with its span count. */
public final class TracesBatch implements Batch<TracesBatch> {
  private static final TracesBatch EMPTY = new TracesBatch(List.of(), 0);

  private final List<ResourceSpans> resourceSpans;
  private final int spanCount;
  private volatile ExportTraceServiceRequest request;

  private TracesBatch(List<ResourceSpans> resourceSpans, int spanCount) {
    this.resourceSpans = resourceSpans;
    this.spanCount = spanCount;
  }

  /** A batch holding these resource spans (the list is copied; messages are immutable). */
  public static TracesBatch of(List<ResourceSpans> resourceSpans) {
    List<ResourceSpans> copy = List.copyOf(resourceSpans);
    int n = 0;
    for (ResourceSpans rs : copy) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return new TracesBatch(copy, n);
  }

  /** A batch holding the content of an OTLP export request, sharing its messages. */
  public static TracesBatch of(ExportTraceServiceRequest request) {
    TracesBatch b = of(request.getResourceSpansList());
    b.request = request;
    return b;
  }

  public static TracesBatch empty() {
    return EMPTY;
  }

  /** Parses an OTLP {@code ExportTraceServiceRequest} in protobuf wire format. */
  public static TracesBatch parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
    return of(ExportTraceServiceRequest.parseFrom(bytes));
  }

  public List<ResourceSpans> resourceSpans() {
    return resourceSpans;
  }

  /** The batch as an OTLP export request (built once and cached). */
  public ExportTraceServiceRequest toRequest() {
    ExportTraceServiceRequest r = request;
    if (r == null) {
      r = ExportTraceServiceRequest.newBuilder().addAllResourceSpans(resourceSpans).build();
      request = r;
    }
    return r;
  }

  @Override
  public Signal signal() {
    return Signal.TRACES;
  }

  @Override
  public int itemCount() {
    return spanCount;
  }

  @Override
  public int resourceCount() {
    return resourceSpans.size();
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
  public TracesBatch merge(List<TracesBatch> others) {
    List<ResourceSpans> all = new ArrayList<>(resourceSpans);
    int n = spanCount;
    for (TracesBatch b : others) {
      all.addAll(b.resourceSpans);
      n += b.spanCount;
    }
    return new TracesBatch(List.copyOf(all), n);
  }

  @Override
  public List<TracesBatch> split(int maxItems) {
    if (maxItems <= 0) {
      throw new IllegalArgumentException("maxItems: " + maxItems + " (expected: > 0)");
    }
    if (spanCount <= maxItems) {
      return List.of(this);
    }
    List<TracesBatch> out = new ArrayList<>();
    List<ResourceSpans> current = new ArrayList<>();
    int currentCount = 0;
    for (ResourceSpans rs : resourceSpans) {
      ResourceSpans.Builder rsPart = null;
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        int from = 0;
        List<Span> spans = ss.getSpansList();
        while (from < spans.size()) {
          int room = maxItems - currentCount;
          int to = Math.min(spans.size(), from + room);
          if (rsPart == null) {
            rsPart = rs.toBuilder().clearScopeSpans();
          }
          rsPart.addScopeSpans(ss.toBuilder().clearSpans().addAllSpans(spans.subList(from, to)));
          currentCount += to - from;
          from = to;
          if (currentCount == maxItems) {
            current.add(rsPart.build());
            rsPart = null;
            out.add(new TracesBatch(List.copyOf(current), currentCount));
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
      out.add(new TracesBatch(List.copyOf(current), currentCount));
    }
    return out;
  }

  @Override
  public String toString() {
    return "TracesBatch{resources=" + resourceSpans.size() + ", spans=" + spanCount + "}";
  }
}
