package io.otelcol4j.prometheus.exposition;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A whole metric family, materialised: the convenient, allocating view of a page for tests, tools
 * and small pages. A scrape loop should use {@link ExpositionParser} directly.
 *
 * @param name the family name (for OpenMetrics counters without {@code _total})
 * @param type the declared type, {@link MetricType#UNKNOWN} when none
 * @param help the unescaped help text, {@code ""} when none
 * @param unit the OpenMetrics unit, {@code ""} when none
 * @param samples the family's samples in input order
 */
public record MetricFamily(String name, MetricType type, String help, String unit, List<Sample> samples) {

  public MetricFamily {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(help, "help");
    requireNonNull(unit, "unit");
    samples = List.copyOf(samples);
  }

  /**
   * One sample.
   *
   * @param name the metric name, e.g. {@code http_requests_total}
   * @param labels the labels in input order
   * @param timestampMillis the timestamp, or {@code null} when the sample has none
   * @param exemplar the exemplar, or {@code null}
   */
  public record Sample(String name, Map<String, String> labels, double value,
      @Nullable Long timestampMillis, @Nullable Exemplar exemplar) {}

  /**
   * An OpenMetrics exemplar.
   *
   * @param timestampMillis the timestamp, or {@code null} when it has none
   */
  public record Exemplar(Map<String, String> labels, double value, @Nullable Long timestampMillis) {}

  /**
   * Parses a whole page into its families, in order of first appearance. Families named by
   * metadata lines but without samples are included. In the text format, where a family's lines
   * need not be contiguous, later samples of a family are appended to it.
   *
   * @throws ParseException as {@link ExpositionParser#next()} does
   */
  public static List<MetricFamily> parseAll(Format format, byte[] data) throws ParseException {
    ExpositionParser p = ExpositionParser.create(format, data);
    Map<String, Builder> families = new LinkedHashMap<>();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e == Entry.COMMENT) {
        continue;
      }
      Builder b = families.computeIfAbsent(p.familyName(), Builder::new);
      b.type = p.familyType();
      b.help = p.familyHelp();
      b.unit = p.familyUnit();
      if (e == Entry.SAMPLE) {
        Exemplar ex = p.hasExemplar()
            ? new Exemplar(p.exemplarLabels().toMap(), p.exemplarValue(),
                p.exemplarHasTimestamp() ? p.exemplarTimestampMillis() : null)
            : null;
        b.samples.add(new Sample(p.metricName(), p.labels().toMap(), p.value(),
            p.hasTimestamp() ? p.timestampMillis() : null, ex));
      }
    }
    List<MetricFamily> out = new ArrayList<>(families.size());
    for (Builder b : families.values()) {
      out.add(new MetricFamily(b.name, b.type, b.help, b.unit, b.samples));
    }
    return out;
  }

  private static final class Builder {
    final String name;
    MetricType type = MetricType.UNKNOWN;
    String help = "";
    String unit = "";
    final List<Sample> samples = new ArrayList<>();

    Builder(String name) {
      this.name = name;
    }
  }
}
