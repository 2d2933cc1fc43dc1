package io.otelcol4j.receiver.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.prometheus.exposition.Format;
import io.otelcol4j.prometheus.relabel.Relabeler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The translator with its series cache against {@link ReferenceScrapeTranslator} (the translator
 * before the cache): random pages, scraped repeatedly with series appearing, disappearing, being
 * renamed, dropped, retyped, reset and failing limits, must give the same output scrape after
 * scrape. Identical bytes when no series went stale; otherwise the same points, with the staleness
 * markers compared as a set (their order is that of a hash map in both).
 */
class ScrapeTranslatorEquivalenceTest {
  private static final String[] CONFIGS = {
      "",
      ", honor_labels: true, honor_timestamps: false",
      ", metric_relabel_configs: [{source_labels: [__name__], regex: 'fam_1.*', action: drop},"
          + " {source_labels: [__name__, a], regex: 'fam_2_total;(.*)', target_label: __name__, replacement: 'renamed_$1'},"
          + " {regex: 'b', action: labeldrop}, {source_labels: [a], regex: 'x3', target_label: job, replacement: other}]",
      ", sample_limit: 140",
      ", label_limit: 8",
  };

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void textPagesGiveTheSameOutputAsTheReference(int config) {
    for (int seed = 0; seed < 12; seed++) {
      run(CONFIGS[config], seed, Format.PROMETHEUS_TEXT_0_0_4, config == 0 ? Map.of("cluster", "c1", "a", "ext") : Map.of());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 3})
  void openMetricsPagesGiveTheSameOutputAsTheReference(int config) {
    for (int seed = 100; seed < 108; seed++) {
      run(CONFIGS[config], seed, Format.OPENMETRICS_1_0_0, Map.of());
    }
  }

  private static void run(String extra, int seed, Format format, Map<String, String> external) {
    ScrapeConfig config = ScrapeTranslatorTest.scrapeConfig(extra);
    Target target = Target.build(config, Relabeler.of(config.relabelConfigs()),
        Map.of("__address__", "127.0.0.1:9100", "env", "test")).target();
    ScrapeTranslator fast = new ScrapeTranslator(config, Relabeler.of(config.metricRelabelConfigs()), target,
        external, ScrapeTranslatorTest.SCOPE);
    ReferenceScrapeTranslator reference = new ReferenceScrapeTranslator(config,
        Relabeler.of(config.metricRelabelConfigs()), target, external, ScrapeTranslatorTest.SCOPE);
    Random random = new Random(seed);
    Pages pages = new Pages(random);
    for (int scrape = 0; scrape < 25; scrape++) {
      long millis = ScrapeTranslatorTest.T0 + scrape * 15_000L;
      String what = "seed " + seed + ", scrape " + scrape + ", config '" + extra + "', " + format;
      if (random.nextInt(12) == 0) {
        ScrapeTranslator.Report r1 = new ScrapeTranslator.Report();
        ScrapeTranslator.Report r2 = new ScrapeTranslator.Report();
        r1.error = r2.error = "no response";
        assertSame(what + " (failed)", fast.failed(millis, 0.25, r1), reference.failed(millis, 0.25, r2));
        continue;
      }
      String page = format == Format.OPENMETRICS_1_0_0 ? pages.openMetrics() : pages.text();
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      ScrapeTranslator.Report r1 = new ScrapeTranslator.Report();
      ScrapeTranslator.Report r2 = new ScrapeTranslator.Report();
      MetricsBatch got = fast.translate(body, body.length, format, millis, 0.25, r1);
      MetricsBatch want = reference.translate(body, body.length, format, millis, 0.25, r2);
      assertThat(r1.error).as(what + "\n" + page).isEqualTo(r2.error);
      assertThat(new long[] {r1.samplesScraped, r1.samplesPostRelabel, r1.seriesAdded}).as(what)
          .containsExactly(r2.samplesScraped, r2.samplesPostRelabel, r2.seriesAdded);
      assertSame(what + "\n" + page, got, want);
      assertThat(fast.seriesCount()).as(what).isEqualTo(reference.seriesCount());
    }
    long end = ScrapeTranslatorTest.T0 + 30 * 15_000L;
    assertSame("end of run, seed " + seed, fast.endOfRun(end), reference.endOfRun(end));
  }

  private static void assertSame(String what, MetricsBatch got, MetricsBatch want) {
    if (!hasStale(want)) {
      assertThat(got.toByteArray()).as(what).isEqualTo(want.toByteArray());
      return;
    }
    assertThat(canonical(got)).as(what).isEqualTo(canonical(want));
  }

  private static boolean hasStale(MetricsBatch b) {
    for (ResourceMetrics rm : b.resourceMetrics()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          for (Message p : points(m)) {
            if (p.toString().contains("flags: 1")) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /**
   * Per resource and per metric (both sorted): the metric's header, its live points in order and its
   * stale points sorted.
   */
  private static TreeMap<String, TreeMap<String, String>> canonical(MetricsBatch b) {
    TreeMap<String, TreeMap<String, String>> out = new TreeMap<>();
    for (ResourceMetrics rm : b.resourceMetrics()) {
      TreeMap<String, String> metrics = out.computeIfAbsent(rm.getResource().toString(), k -> new TreeMap<>());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          List<String> live = new ArrayList<>();
          List<String> stale = new ArrayList<>();
          for (Message p : points(m)) {
            String text = p.toString();
            (text.contains("flags: 1") ? stale : live).add(text);
          }
          stale.sort(null);
          String key = m.getName() + "/" + m.getDataCase();
          metrics.merge(key, m.getDescription() + "|" + m.getUnit() + "|" + header(m) + live + stale, (x, y) -> x + y);
        }
      }
    }
    return out;
  }

  private static String header(Metric m) {
    return switch (m.getDataCase()) {
      case SUM -> m.getSum().getIsMonotonic() + "/" + m.getSum().getAggregationTemporality();
      case HISTOGRAM -> String.valueOf(m.getHistogram().getAggregationTemporality());
      default -> "";
    };
  }

  private static List<? extends Message> points(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsList();
      case SUM -> m.getSum().getDataPointsList();
      case HISTOGRAM -> m.getHistogram().getDataPointsList();
      case SUMMARY -> m.getSummary().getDataPointsList();
      default -> List.of();
    };
  }

  /** Random pages over a small universe of series, so that most come back from one scrape to the next. */
  private static final class Pages {
    private final Random random;
    private final double[] counters = new double[64];
    /** Whether series 4 of this page carries many labels (failing label_limit). */
    private boolean heavy;

    Pages(Random random) {
      this.random = random;
    }

    private String labels(int i, boolean more) {
      StringBuilder b = new StringBuilder("{a=\"x").append(i % 5).append('"');
      if (i % 3 == 0) {
        b.append(",b=\"y").append(i % 2).append('"');
      }
      if (more && i % 7 == 3) {
        b.append(",esc=\"q\\\"uote\\\\d\\n\"");
      }
      if (more && i % 11 == 5) {
        b.append(",job=\"pagejob\"");
      }
      if (more && i == 4 && heavy) {
        b.append(",instance=\"pageinst\",c=\"1\",d=\"2\",e=\"3\"");
      }
      if (more && i % 17 == 0) {
        b.append(",empty=\"\"");
      }
      return b.append('}').toString();
    }

    private double counter(int k) {
      if (random.nextInt(20) == 0) {
        counters[k] = random.nextInt(3); // a reset
      } else {
        counters[k] += random.nextInt(5) + random.nextInt(4) / 4.0;
      }
      return counters[k];
    }

    private String value(double v) {
      return switch (random.nextInt(6)) {
        case 0 -> Double.toString(v);
        case 1 -> String.format("%.3e", v);
        default -> v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
      };
    }

    String text() {
      StringBuilder b = new StringBuilder();
      boolean stable = random.nextBoolean(); // no series leaves this page
      heavy = random.nextInt(5) == 0;
      for (int f = 0; f < 8; f++) {
        if (!stable && random.nextInt(8) == 0) {
          continue; // the family is gone from this page
        }
        String type = f == 7 ? (random.nextInt(8) != 0 ? "counter" : "gauge") // retyped between scrapes
            : f % 4 == 0 ? "counter" : f % 4 == 1 ? "gauge" : f % 4 == 2 ? "histogram" : "summary";
        String name = "fam_" + f + (type.equals("counter") && f % 2 == 0 ? "_total" : "");
        String family = "fam_" + f;
        if (random.nextInt(4) != 0) {
          b.append("# HELP ").append(family).append(" help of ").append(f).append(random.nextInt(2)).append('\n');
        }
        if (random.nextInt(30) != 0) {
          b.append("# TYPE ").append(family).append(' ').append(type).append('\n');
        }
        for (int i = 0; i < 8; i++) {
          if (!stable && random.nextInt(6) == 0) {
            continue;
          }
          String l = labels(i, true);
          String ts = random.nextInt(10) == 0 ? " " + (1_600_000_000_000L + random.nextInt(1000)) : "";
          switch (type) {
            case "histogram" -> {
              double c = counter((f * 8 + i) % 64);
              String inner = l.substring(1, l.length() - 1);
              for (String le : new String[] {"0.1", "1", "+Inf", random.nextInt(15) == 0 ? "bad" : "10"}) {
                b.append(family).append("_bucket{").append(inner).append(",le=\"").append(le).append("\"} ")
                    .append(value(c)).append(ts).append('\n');
              }
              b.append(family).append("_sum").append(l).append(' ').append(value(c * 2)).append('\n');
              if (random.nextInt(5) != 0) {
                b.append(family).append("_count").append(l).append(' ').append(value(c)).append('\n');
              }
            }
            case "summary" -> {
              String inner = l.substring(1, l.length() - 1);
              for (String q : new String[] {"0.5", "0.99"}) {
                b.append(family).append("{").append(inner).append(",quantile=\"").append(q).append("\"} ")
                    .append(value(random.nextInt(100))).append('\n');
              }
              b.append(family).append("_sum").append(l).append(' ').append(value(random.nextInt(1000))).append('\n');
              b.append(family).append("_count").append(l).append(' ').append(value(counter((f * 8 + i) % 64)))
                  .append('\n');
            }
            case "counter" -> {
              b.append(name).append(l).append(' ').append(value(counter((f * 8 + i) % 64))).append(ts).append('\n');
              if (random.nextInt(10) == 0) {
                b.append(family).append("_created").append(l).append(" 1.6e9\n");
              }
            }
            default -> b.append(name).append(l).append(' ').append(random.nextInt(50) == 0 ? "NaN"
                : value(random.nextGaussian() * 100)).append(ts).append('\n');
          }
        }
      }
      for (int u = 0; u < 3; u++) {
        if (stable || random.nextBoolean()) {
          b.append("untyped_").append(u).append(labels(u, true)).append(' ').append(random.nextInt(9)).append('\n');
        }
      }
      return b.toString();
    }

    String openMetrics() {
      StringBuilder b = new StringBuilder();
      boolean stable = random.nextBoolean();
      for (int f = 0; f < 6; f++) {
        if (!stable && random.nextInt(8) == 0) {
          continue;
        }
        String type = f % 3 == 0 ? "counter" : f % 3 == 1 ? "gauge" : "histogram";
        String family = "fam_" + f;
        b.append("# TYPE ").append(family).append(' ').append(type).append('\n');
        if (random.nextBoolean()) {
          b.append("# HELP ").append(family).append(" help ").append(f).append('\n');
        }
        for (int i = 0; i < 6; i++) {
          if (!stable && random.nextInt(6) == 0) {
            continue;
          }
          String l = labels(i, false);
          String inner = l.substring(1, l.length() - 1);
          double c = counter((f * 8 + i) % 64);
          switch (type) {
            case "counter" -> {
              b.append(family).append("_total").append(l).append(' ').append(value(c));
              if (random.nextInt(4) == 0) {
                b.append(" # {trace_id=\"0123456789abcdef0123456789abcdef\",span_id=\"0123456789abcdef\"} 1.5 1600000000.5");
              }
              b.append('\n');
              if (random.nextInt(3) == 0) {
                b.append(family).append("_created").append(l).append(" 1600000000.25\n");
              }
            }
            case "gauge" -> b.append(family).append(l).append(' ').append(value(random.nextInt(1000) - 500.5))
                .append('\n');
            default -> {
              long n = (long) c;
              b.append(family).append("_bucket{").append(inner).append(",le=\"1.0\"} ").append(n / 2).append('\n');
              b.append(family).append("_bucket{").append(inner).append(",le=\"+Inf\"} ").append(n).append('\n');
              b.append(family).append("_count").append(l).append(' ').append(n).append('\n');
              b.append(family).append("_sum").append(l).append(' ').append(n * 3).append('\n');
            }
          }
        }
      }
      return b.append("# EOF\n").toString();
    }
  }
}
