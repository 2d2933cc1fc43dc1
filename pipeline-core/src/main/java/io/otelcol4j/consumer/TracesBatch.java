package io.otelcol4j.consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable batch of spans: OTLP {@code ResourceSpans} with its span count.
 *
 * <p>A batch made from received bytes ({@link #parseFrom}) keeps only those bytes, checked and
 * counted but not decoded: the messages are parsed the first time someone asks for them
 * ({@link #resourceSpans()}, {@link #toRequest()}), so a pipeline that only batches and forwards
 * never decodes nor re-encodes a span.
 */
public final class TracesBatch implements Batch<TracesBatch> {
  private static final WireScanner SCANNER =
      WireForm.scanner(ExportTraceServiceRequest.getDescriptor(), Span.getDescriptor().getFullName());
  private static final TracesBatch EMPTY = new TracesBatch(List.of(), 0, 0, null);

  /** Null until first needed when the batch was made from bytes. */
  private volatile @Nullable List<ResourceSpans> resourceSpans;
  private final int resourceCount;
  private final int spanCount;
  private volatile @Nullable ExportTraceServiceRequest request;
  /** The protobuf encoding of this batch's request as received, in pieces (see WireForm); never modified. */
  private final @Nullable List<byte[]> wire;

  private TracesBatch(@Nullable List<ResourceSpans> resourceSpans, int resourceCount, int spanCount,
      @Nullable List<byte[]> wire) {
    this.resourceSpans = resourceSpans;
    this.resourceCount = resourceCount;
    this.spanCount = spanCount;
    this.wire = wire;
  }

  /** A batch holding these resource spans (the list is copied; messages are immutable). */
  public static TracesBatch of(List<ResourceSpans> resourceSpans) {
    List<ResourceSpans> copy = List.copyOf(resourceSpans);
    return new TracesBatch(copy, copy.size(), count(copy), null);
  }

  private static int count(List<ResourceSpans> resourceSpans) {
    int n = 0;
    for (ResourceSpans rs : resourceSpans) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
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
    List<ResourceSpans> list = request.getResourceSpansList();
    TracesBatch b = new TracesBatch(list, list.size(), count(list), List.of(wire));
    b.request = request;
    return b;
  }

  public static TracesBatch empty() {
    return EMPTY;
  }

  /**
   * A batch of an OTLP {@code ExportTraceServiceRequest} in protobuf wire format, checked and counted
   * now and decoded only when its messages are asked for. The batch keeps {@code bytes}: the caller
   * must not modify them afterwards.
   *
   * @throws InvalidProtocolBufferException when protobuf's parser would refuse the bytes, with its message
   */
  public static TracesBatch parseFrom(byte[] bytes) throws InvalidProtocolBufferException {
    WireScanner.Counts c = WireForm.counts(SCANNER, bytes);
    if (c == null) {
      // The parser's own message for the client; a request it accepts after all is used as parsed.
      return of(ExportTraceServiceRequest.parseFrom(bytes), bytes);
    }
    return new TracesBatch(null, c.resources(), c.items(), List.of(bytes));
  }

  public List<ResourceSpans> resourceSpans() {
    List<ResourceSpans> r = resourceSpans;
    if (r == null) {
      r = toRequest().getResourceSpansList();
      resourceSpans = r;
    }
    return r;
  }

  /** The batch as an OTLP export request (built or parsed once and cached). */
  public ExportTraceServiceRequest toRequest() {
    ExportTraceServiceRequest r = request;
    if (r == null) {
      List<ResourceSpans> list = resourceSpans;
      if (list != null) {
        r = ExportTraceServiceRequest.newBuilder().addAllResourceSpans(list).build();
      } else {
        List<byte[]> w = wire;
        if (w == null) {
          throw new IllegalStateException("a batch has neither messages nor bytes");
        }
        r = WireForm.mergeAll(w, ExportTraceServiceRequest.newBuilder()).build();
      }
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
  public TracesBatch merge(List<TracesBatch> others) {
    int resources = resourceCount;
    int n = spanCount;
    List<@Nullable List<byte[]>> wires = new ArrayList<>(others.size());
    for (TracesBatch b : others) {
      resources += b.resourceCount;
      n += b.spanCount;
      wires.add(b.wire);
    }
    List<byte[]> merged = WireForm.concat(wire, wires);
    if (merged != null) {
      return new TracesBatch(null, resources, n, merged);
    }
    List<ResourceSpans> all = new ArrayList<>(resources);
    all.addAll(resourceSpans());
    for (TracesBatch b : others) {
      all.addAll(b.resourceSpans());
    }
    return new TracesBatch(List.copyOf(all), resources, n, null);
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
    for (ResourceSpans rs : resourceSpans()) {
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
    return "TracesBatch{resources=" + resourceCount + ", spans=" + spanCount + "}";
  }
}
