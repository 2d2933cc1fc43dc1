package io.otelcol4j.receiver.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.prometheus.exposition.Format;
import io.otelcol4j.prometheus.exposition.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  private static SeriesCache.Entry entry(String key, String family, MetricType type) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    return new SeriesCache.Entry(b, SeriesCache.hash(b, 0, b.length), family, type, false, PointKind.GAUGE, family,
        false, SeriesCache.VALUE, Double.NaN, new String[0]);
  }

  private static SeriesCache.Entry find(SeriesCache c, String key, String family, MetricType type) {
    byte[] b = ("  " + key + " 1").getBytes(StandardCharsets.UTF_8);
    int end = 2 + key.getBytes(StandardCharsets.UTF_8).length;
    return c.find(b, 2, end, SeriesCache.hash(b, 2, end), family, type);
  }

  @Test
  void hashDependsOnEveryByteAndNotOnTheOffset() {
    byte[] a = "xxnode_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}".getBytes(StandardCharsets.UTF_8);
    byte[] b = "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(SeriesCache.hash(a, 2, a.length)).isEqualTo(SeriesCache.hash(b, 0, b.length));
    for (int i = 0; i < b.length; i++) {
      byte[] c = b.clone();
      c[i] ^= 1;
      assertThat(SeriesCache.hash(c, 0, c.length)).as("byte " + i).isNotEqualTo(SeriesCache.hash(b, 0, b.length));
    }
    assertThat(SeriesCache.hash(b, 0, 7)).isNotEqualTo(SeriesCache.hash(b, 0, 8));
  }

  @Test
  void findsByBytesAndFamilyContext() {
    SeriesCache c = new SeriesCache();
    SeriesCache.Entry e = entry("a{x=\"1\"}", "a", MetricType.GAUGE);
    assertThat(c.add(e)).isTrue();
    assertThat(find(c, "a{x=\"1\"}", "a", MetricType.GAUGE)).isSameAs(e);
    assertThat(find(c, "a{x=\"1\"}", new String("a"), MetricType.GAUGE)).isSameAs(e);
    assertThat(find(c, "a{x=\"2\"}", "a", MetricType.GAUGE)).isNull();
    // The same bytes under other metadata are another entry.
    assertThat(find(c, "a{x=\"1\"}", "a", MetricType.COUNTER)).isNull();
    assertThat(find(c, "a{x=\"1\"}", "a_other", MetricType.GAUGE)).isNull();
  }

  @Test
  void sweepKeepsOnlyTheEntriesSeenInTheLastScrape() {
    SeriesCache c = new SeriesCache();
    List<SeriesCache.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      SeriesCache.Entry e = entry("m{i=\"" + i + "\"}", "m", MetricType.GAUGE);
      assertThat(c.add(e)).isTrue();
      e.seen = i % 3 == 0 ? 7 : 6;
      entries.add(e);
    }
    c.sweep(7, 334);
    assertThat(c.size()).isEqualTo(334);
    for (int i = 0; i < 1000; i++) {
      assertThat(find(c, "m{i=\"" + i + "\"}", "m", MetricType.GAUGE)).isSameAs(i % 3 == 0 ? entries.get(i) : null);
    }
    c.sweep(7, 334); // nothing to do
    assertThat(c.size()).isEqualTo(334);
    c.clear();
    assertThat(c.size()).isZero();
    assertThat(find(c, "m{i=\"0\"}", "m", MetricType.GAUGE)).isNull();
  }

  @Test
  void holdsAtMostMaxEntries() {
    SeriesCache c = new SeriesCache();
    for (int i = 0; i < SeriesCache.MAX_ENTRIES; i++) {
      assertThat(c.add(entry("s" + i, "s", MetricType.GAUGE))).isTrue();
    }
    assertThat(c.add(entry("one_more", "s", MetricType.GAUGE))).isFalse();
    assertThat(c.size()).isEqualTo(SeriesCache.MAX_ENTRIES);
    assertThat(find(c, "one_more", "s", MetricType.GAUGE)).isNull();
    assertThat(find(c, "s12345", "s", MetricType.GAUGE)).isNotNull();
  }

  @Test
  void aTargetWithMoreSeriesThanTheCacheHoldsStillTranslatesEverySeries() {
    ScrapeTranslator t = ScrapeTranslatorTest.translator("");
    int n = SeriesCache.MAX_ENTRIES + 1000;
    StringBuilder page = new StringBuilder("# TYPE big gauge\n");
    for (int i = 0; i < n; i++) {
      page.append("big{i=\"").append(i).append("\"} ").append(i).append('\n');
    }
    for (int scrape = 0; scrape < 2; scrape++) {
      ScrapeTranslator.Report r = new ScrapeTranslator.Report();
      MetricsBatch b = ScrapeTranslatorTest.translate(t, page.toString(), Format.PROMETHEUS_TEXT_0_0_4,
          ScrapeTranslatorTest.T0 + scrape * 15_000L, r);
      assertThat(r.error).isNull();
      assertThat(ScrapeTranslatorTest.metric(b, "big").getGauge().getDataPointsCount()).isEqualTo(n);
      assertThat(r.seriesAdded).isEqualTo(scrape == 0 ? n : 0);
    }
    assertThat(t.seriesCount()).isEqualTo(n);
  }

  @Test
  void seriesMapKeepsTheSeriesOfTheLastScrapeAndHandsOverTheOthers() {
    SeriesMap m = new SeriesMap();
    List<SeriesState> states = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      SeriesState s = SeriesState.of("f", i % 2 == 0 ? PointKind.GAUGE : PointKind.HISTOGRAM, new String[0]);
      s.generation = i % 4 == 0 ? 3 : 2;
      m.add(i * 0x9E3779B97F4A7C15L, s);
      states.add(s);
    }
    assertThat(m.size()).isEqualTo(500);
    assertThat(m.get(7 * 0x9E3779B97F4A7C15L)).isSameAs(states.get(7));
    assertThat(states.get(1)).isInstanceOf(SeriesState.Distribution.class);
    List<SeriesState> removed = new ArrayList<>();
    m.retain(3, 125, removed::add);
    assertThat(m.size()).isEqualTo(125);
    assertThat(removed).hasSize(375).allSatisfy(s -> assertThat(s.generation).isEqualTo(2));
    for (int i = 0; i < 500; i++) {
      assertThat(m.get(i * 0x9E3779B97F4A7C15L)).isSameAs(i % 4 == 0 ? states.get(i) : null);
    }
    List<SeriesState> all = new ArrayList<>();
    m.forEach(all::add);
    assertThat(all).hasSize(125);
    m.clear();
    assertThat(m.size()).isZero();
    assertThat(m.get(0)).isNull();
  }
}
