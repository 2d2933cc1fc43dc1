package io.otelcol4j.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.otelcol4j.component.Signal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting, splitting and merging of the three batch types, checked item by item. */
class BatchTest {
  // 2 resources: r0 has scopes of 3 and 2 items, r1 one scope of 4: 9 items
  private static final int[][] SHAPE = {{3, 2}, {4}};

  @Test
  void tracesCountAndSplitAcrossResourcesAndScopes() {
    TracesBatch b = Batches.traces(0, SHAPE);
    assertThat(b.itemCount()).isEqualTo(9);
    assertThat(b.resourceCount()).isEqualTo(2);
    assertThat(b.signal()).isEqualTo(Signal.TRACES);

    List<TracesBatch> parts = b.split(4);
    assertThat(parts).extracting(TracesBatch::itemCount).containsExactly(4, 4, 1);
    assertThat(parts).extracting(TracesBatch::resourceCount).containsExactly(1, 2, 1);
    // the parts' counts are what the protos hold
    assertThat(parts).allSatisfy(p -> assertThat(TracesBatch.of(p.resourceSpans()).itemCount()).isEqualTo(p.itemCount()));
    assertThat(Batches.items(parts.get(0))).containsExactly("r0/s0/item-0", "r0/s0/item-1", "r0/s0/item-2", "r0/s1/item-3");
    assertThat(Batches.items(parts.get(1))).containsExactly("r0/s1/item-4", "r1/s0/item-5", "r1/s0/item-6", "r1/s0/item-7");
    assertThat(Batches.items(parts.get(2))).containsExactly("r1/s0/item-8");
    // the resource is repeated with everything but its scopes
    assertThat(parts.get(1).resourceSpans().get(0).getSchemaUrl()).isEqualTo("schema-r0");
    List<String> all = new ArrayList<>();
    parts.forEach(p -> all.addAll(Batches.items(p)));
    assertThat(all).isEqualTo(Batches.items(b));
  }

  @Test
  void splitIntoSingleItemsAndExactFits() {
    TracesBatch b = Batches.traces(0, SHAPE);
    assertThat(b.split(1)).hasSize(9).allSatisfy(p -> assertThat(p.itemCount()).isOne());
    assertThat(b.split(3)).extracting(TracesBatch::itemCount).containsExactly(3, 3, 3);
    assertThat(b.split(9)).singleElement().isSameAs(b);
    assertThat(b.split(100)).singleElement().isSameAs(b);
    assertThat(TracesBatch.empty().split(5)).singleElement().isSameAs(TracesBatch.empty());
  }

  @Test
  void splitRejectsANonPositiveSize() {
    assertThatThrownBy(() -> Batches.traces(0, SHAPE).split(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxItems: 0 (expected: > 0)");
    assertThatThrownBy(() -> Batches.logs(0, SHAPE).split(-1)).hasMessage("maxItems: -1 (expected: > 0)");
    assertThatThrownBy(() -> Batches.metrics(0, new int[][][] {{{2}}}).split(0)).hasMessage("maxItems: 0 (expected: > 0)");
  }

  @Test
  void logsCountAndSplit() {
    LogsBatch b = Batches.logs(0, SHAPE);
    assertThat(b.itemCount()).isEqualTo(9);
    List<LogsBatch> parts = b.split(2);
    assertThat(parts).extracting(LogsBatch::itemCount).containsExactly(2, 2, 2, 2, 1);
    assertThat(parts).allSatisfy(p -> assertThat(LogsBatch.of(p.resourceLogs()).itemCount()).isEqualTo(p.itemCount()));
    assertThat(Batches.items(parts.get(1))).containsExactly("r0/s0/item-2", "r0/s1/item-3");
    assertThat(Batches.items(parts.get(2))).containsExactly("r0/s1/item-4", "r1/s0/item-5");
    List<String> all = new ArrayList<>();
    parts.forEach(p -> all.addAll(Batches.items(p)));
    assertThat(all).isEqualTo(Batches.items(b));
  }

  @Test
  void metricsCountPointsOfEveryType() {
    // r0/s0: gauge 2, sum 3, histogram 1, exp histogram 2, summary 1 = 9; r1/s0: gauge 4
    MetricsBatch b = Batches.metrics(0, new int[][][] {{{2, 3, 1, 2, 1}}, {{4}}});
    assertThat(b.itemCount()).isEqualTo(13);
    assertThat(b.resourceCount()).isEqualTo(2);
    List<MetricsBatch> parts = b.split(4);
    assertThat(parts).extracting(MetricsBatch::itemCount).containsExactly(4, 4, 4, 1);
    assertThat(parts).allSatisfy(p -> assertThat(MetricsBatch.of(p.resourceMetrics()).itemCount()).isEqualTo(p.itemCount()));
    assertThat(Batches.items(parts.get(0)))
        .containsExactly("r0/s0/m0/item-0", "r0/s0/m0/item-1", "r0/s0/m1/item-2", "r0/s0/m1/item-3");
    assertThat(Batches.items(parts.get(1)))
        .containsExactly("r0/s0/m1/item-4", "r0/s0/m2/item-5", "r0/s0/m3/item-6", "r0/s0/m3/item-7");
    assertThat(Batches.items(parts.get(2)))
        .containsExactly("r0/s0/m4/item-8", "r1/s0/m0/item-9", "r1/s0/m0/item-10", "r1/s0/m0/item-11");
    List<String> all = new ArrayList<>();
    parts.forEach(p -> all.addAll(Batches.items(p)));
    assertThat(all).isEqualTo(Batches.items(b));
  }

  @Test
  void metricsSplitInsideOneMetricKeepsItsDescriptor() {
    for (int type = 0; type < 5; type++) {
      int[] metrics = new int[type + 1]; // metric "m<type>" has 10 points; those before it none
      metrics[type] = 10;
      MetricsBatch b = Batches.metrics(0, new int[][][] {{metrics}});
      List<MetricsBatch> parts = b.split(4);
      assertThat(parts).as("type %s", type).extracting(MetricsBatch::itemCount).containsExactly(4, 4, 2);
      for (MetricsBatch p : parts) {
        Metric m = p.resourceMetrics().get(0).getScopeMetrics(0).getMetricsList().stream()
            .filter(x -> MetricsBatch.pointCount(x) > 0).findFirst().orElseThrow();
        assertThat(m.getName()).isEqualTo("m" + type);
        assertThat(m.getUnit()).isEqualTo("1");
        assertThat(m.getDataCase()).isEqualTo(b.resourceMetrics().get(0).getScopeMetrics(0).getMetrics(type).getDataCase());
      }
      assertThat(Batches.items(parts.get(1))).as("type %s", type)
          .containsExactly("r0/s0/m" + type + "/item-4", "r0/s0/m" + type + "/item-5", "r0/s0/m" + type + "/item-6",
              "r0/s0/m" + type + "/item-7");
      if (type == 1) {
        Metric sum = parts.get(2).resourceMetrics().get(0).getScopeMetrics(0).getMetrics(0);
        assertThat(sum.getSum().getIsMonotonic()).isTrue();
      }
    }
  }

  @Test
  void mergeConcatenatesInOrder() {
    TracesBatch a = Batches.traces(0, new int[][] {{2}});
    TracesBatch b = Batches.traces(2, new int[][] {{1}, {1}});
    TracesBatch merged = a.merge(List.of(b, TracesBatch.empty()));
    assertThat(merged.itemCount()).isEqualTo(4);
    assertThat(merged.resourceCount()).isEqualTo(3);
    assertThat(Batches.items(merged)).containsExactly("r0/s0/item-0", "r0/s0/item-1", "r0/s0/item-2", "r1/s0/item-3");

    LogsBatch logs = Batches.logs(0, SHAPE).merge(List.of(Batches.logs(9, SHAPE)));
    assertThat(logs.itemCount()).isEqualTo(18);
    assertThat(logs.resourceCount()).isEqualTo(4);

    MetricsBatch m = Batches.metrics(0, new int[][][] {{{1, 2}}}).merge(List.of(Batches.metrics(3, new int[][][] {{{3}}})));
    assertThat(m.itemCount()).isEqualTo(6);
    assertThat(Batches.items(m)).endsWith("r0/s0/m0/item-5");
  }

  @Test
  void splitThenMergeRestoresTheItems() {
    MetricsBatch b = Batches.metrics(0, new int[][][] {{{5, 5}, {3}}, {{7}}});
    List<MetricsBatch> parts = b.split(3);
    MetricsBatch back = parts.get(0).merge(parts.subList(1, parts.size()));
    assertThat(back.itemCount()).isEqualTo(20);
    assertThat(Batches.items(back)).isEqualTo(Batches.items(b));
  }

  @Test
  void wireFormatRoundTrips() throws InvalidProtocolBufferException {
    TracesBatch t = Batches.traces(0, SHAPE);
    assertThat(t.serializedSize()).isEqualTo(t.toByteArray().length);
    TracesBatch t2 = TracesBatch.parseFrom(t.toByteArray());
    assertThat(t2.itemCount()).isEqualTo(9);
    assertThat(t2.toRequest()).isEqualTo(t.toRequest());
    assertThat(TracesBatch.of(t.toRequest()).toRequest()).isSameAs(t.toRequest());

    LogsBatch l = Batches.logs(0, SHAPE);
    assertThat(LogsBatch.parseFrom(l.toByteArray()).toRequest()).isEqualTo(l.toRequest());
    MetricsBatch m = Batches.metrics(0, new int[][][] {{{1, 2, 3, 4, 5}}});
    assertThat(MetricsBatch.parseFrom(m.toByteArray()).itemCount()).isEqualTo(15);
    assertThatThrownBy(() -> TracesBatch.parseFrom(new byte[] {(byte) 0xff, 0x01}))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void batchesAreImmutable() {
    List<io.opentelemetry.proto.trace.v1.ResourceSpans> list = new ArrayList<>(Batches.traces(0, SHAPE).resourceSpans());
    TracesBatch b = TracesBatch.of(list);
    list.clear();
    assertThat(b.itemCount()).isEqualTo(9);
    assertThatThrownBy(() -> b.resourceSpans().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(TracesBatch.empty().isEmpty()).isTrue();
    assertThat(b.toString()).isEqualTo("TracesBatch{resources=2, spans=9}");
  }
}
