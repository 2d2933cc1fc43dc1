package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real page Debian's prometheus-node-exporter 1.5.0 serves, through the 0.0.4 parser. */
class NodeExporterPageTest {
  private static final byte[] PAGE = TestFiles.bytes("node_exporter-1.5.0.txt");

  @Test
  void parsesEveryFamilyAndSample() throws ParseException {
    List<String> lines = new String(PAGE, StandardCharsets.UTF_8).lines().toList();
    long typeLines = lines.stream().filter(l -> l.startsWith("# TYPE ")).count();
    long helpLines = lines.stream().filter(l -> l.startsWith("# HELP ")).count();
    long sampleLines = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();

    ExpositionParser p = ExpositionParser.create(Format.PROMETHEUS_TEXT_0_0_4, PAGE);
    int types = 0;
    int helps = 0;
    int samples = 0;
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      switch (e) {
        case TYPE -> types++;
        case HELP -> helps++;
        case SAMPLE -> samples++;
        default -> throw new AssertionError("unexpected " + e + " at line " + p.line());
      }
    }
    assertThat(types).isEqualTo(typeLines).isEqualTo(283);
    assertThat(helps).isEqualTo(helpLines).isEqualTo(283);
    assertThat(samples).isEqualTo(sampleLines).isEqualTo(507);
    assertThat(p.line()).isEqualTo(lines.size());

    List<MetricFamily> families = MetricFamily.parseAll(Format.PROMETHEUS_TEXT_0_0_4, PAGE);
    assertThat(families).hasSize(283);
    assertThat(families.stream().mapToInt(f -> f.samples().size()).sum()).isEqualTo(507);
    assertThat(families.stream().collect(Collectors.groupingBy(MetricFamily::type, Collectors.counting())))
        .containsOnly(entry(MetricType.COUNTER, 60L), entry(MetricType.GAUGE, 175L),
            entry(MetricType.SUMMARY, 1L), entry(MetricType.UNKNOWN, 47L));
  }

  @Test
  void spotChecks() throws ParseException {
    Map<String, MetricFamily> byName = MetricFamily.parseAll(Format.PROMETHEUS_TEXT_0_0_4, PAGE).stream()
        .collect(Collectors.toMap(MetricFamily::name, Function.identity()));

    MetricFamily gc = byName.get("go_gc_duration_seconds");
    assertThat(gc.type()).isEqualTo(MetricType.SUMMARY);
    assertThat(gc.help()).isEqualTo("A summary of the pause duration of garbage collection cycles.");
    assertThat(gc.samples()).extracting(MetricFamily.Sample::name).containsExactly(
        "go_gc_duration_seconds", "go_gc_duration_seconds", "go_gc_duration_seconds",
        "go_gc_duration_seconds", "go_gc_duration_seconds", "go_gc_duration_seconds_sum",
        "go_gc_duration_seconds_count");
    assertThat(gc.samples().get(1).labels()).containsExactly(entry("quantile", "0.25"));

    MetricFamily cpu = byName.get("node_cpu_seconds_total");
    assertThat(cpu.type()).isEqualTo(MetricType.COUNTER);
    assertThat(cpu.samples()).filteredOn(s -> s.labels().equals(Map.of("cpu", "0", "mode", "idle")))
        .singleElement().satisfies(s -> {
          assertThat(s.value()).isEqualTo(921.39);
          assertThat(s.timestampMillis()).isNull();
        });

    assertThat(byName.get("go_memstats_sys_bytes").samples().get(0).value()).isEqualTo(1.4398728e7);
    assertThat(byName.get("node_boot_time_seconds").samples().get(0).value()).isEqualTo(1.795314943e9);

    MetricFamily uname = byName.get("node_uname_info");
    assertThat(uname.type()).isEqualTo(MetricType.GAUGE);
    assertThat(uname.samples().get(0).labels()).containsExactly(
        entry("domainname", "(none)"), entry("machine", "x86_64"), entry("nodename", "vm"),
        entry("release", "6.18.44-fc-v595"), entry("sysname", "Linux"),
        entry("version", "#1 SMP PREEMPT_DYNAMIC @0"));

    MetricFamily net = byName.get("node_network_info");
    assertThat(net.samples()).hasSize(4);
    assertThat(net.samples().get(0).labels()).containsEntry("duplex", "").containsEntry("device", "lo");

    assertThat(byName.get("node_scrape_collector_success").samples())
        .filteredOn(s -> "cpu".equals(s.labels().get("collector")))
        .singleElement().extracting(MetricFamily.Sample::value).isEqualTo(1.0);
  }

  @Test
  void seriesBytesAreTheRawSeries() throws ParseException {
    ExpositionParser p = ExpositionParser.create(Format.PROMETHEUS_TEXT_0_0_4, PAGE);
    Entry e;
    while ((e = p.next()) != Entry.SAMPLE || !p.metricName().equals("node_cpu_seconds_total")) {
      assertThat(e).isNotEqualTo(Entry.EOF);
    }
    assertThat(new String(p.buffer(), p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8))
        .isEqualTo("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}");
  }
}
