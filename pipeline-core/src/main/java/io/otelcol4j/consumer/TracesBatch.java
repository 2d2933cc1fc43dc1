package io.otelcol4j.consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An immutable batch of spans: OTLP {@code ResourceSpans} with its span count. */
public final class TracesBatch implements Batch<TracesBatch> {
  private static final TracesBatch EMPTY = new TracesBatch(List.of(), 0, null);

  private final List<ResourceSpans> resourceSpans;
  private final int spanCount;
  private volatile @Nullable ExportTraceServiceRequest request;
  /** The protobuf encoding of the request this batch was received as; never modified nor exposed mutable. */
  private final byte @Nullable [] wire;

  private TracesBatch(List<ResourceSpans> resourceSpans, int spanCount, byte @Nullable [] wire) {
    this.resourceSpans = resourceSpans;
    this.spanCount = spanCount;
    this.wire = wire;
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
    return new TracesBatch(copy, n, null);
  }

  /** A batch holding the content of an OTLP export request, sharing its messages. */
  public static TracesBatch of(ExportTraceServiceRequest request) {
    TracesBatch b = of(request.getResourceSpansList());
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
  public static TracesBatch of(ExportTraceServiceRequest request, byte[] wire) {
    TracesBatch b = of(request.getResourceSpansList());
    TracesBatch w = new TracesBatch(b.resourceSpans, b.spanCount, wire);
    w.request = request;
    return w;
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

  /**
   * The exact bytes this batch was received as (see {@link #of(ExportTraceServiceRequest, byte[])}), as a read-only
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
  public TracesBatch merge(List<TracesBatch> others) {
    List<ResourceSpans> all = new ArrayList<>(resourceSpans);
    int n = spanCount;
    for (TracesBatch b : others) {
      all.addAll(b.resourceSpans);
      n += b.spanCount;
    }
    return new TracesBatch(List.copyOf(all), n, concatWire(others));
  }

  /**
   * An export request is only {@code repeated ResourceSpans = 1}, so the concatenation of encoded requests
   * is the encoding of the merged request: one copy when every part kept its wire bytes, else null.
   */
  private byte @Nullable [] concatWire(List<TracesBatch> others) {
    byte[] first = wire;
    if (first == null) {
      return null;
    }
    long size = first.length;
    for (TracesBatch b : others) {
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
    for (TracesBatch b : others) {
      byte[] w = b.wire;
      System.arraycopy(w, 0, out, pos, w.length);
      pos += w.length;
    }
    return out;
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
            out.add(new TracesBatch(List.copyOf(current), currentCount, null));
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
      out.add(new TracesBatch(List.copyOf(current), currentCount, null));
    }
    return out;
  }

  @Override
  public String toString() {
    return "TracesBatch{resources=" + resourceSpans.size() + ", spans=" + spanCount + "}";
  }
}
