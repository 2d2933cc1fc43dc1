package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenMetricsParserTest {

  static ExpositionParser parser(String text) {
    return ExpositionParser.create(Format.OPENMETRICS_1_0_0, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void familiesMetadataAndSamples() throws ParseException {
    ExpositionParser p = parser("""
        # TYPE acme_http_router_request_seconds summary
        # UNIT acme_http_router_request_seconds seconds
        # HELP acme_http_router_request_seconds Latency \\"quoted\\"\\nline two\\\\ \\x.
        acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
        acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
        acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
        # TYPE go_goroutines gauge
        go_goroutines 69 1605281325.5
        # EOF
        """);
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.familyName()).isEqualTo("acme_http_router_request_seconds");
    assertThat(p.familyType()).isEqualTo(MetricType.SUMMARY);
    assertThat(p.next()).isEqualTo(Entry.UNIT);
    assertThat(p.familyUnit()).isEqualTo("seconds");
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.familyHelp()).isEqualTo("Latency \"quoted\"\nline two\\ \\x.");

    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.metricName()).isEqualTo("acme_http_router_request_seconds_sum");
    assertThat(p.familyName()).isEqualTo("acme_http_router_request_seconds");
    assertThat(p.familyType()).isEqualTo(MetricType.SUMMARY);
    assertThat(p.familyUnit()).isEqualTo("seconds");
    assertThat(p.familyHelp()).startsWith("Latency");
    assertThat(p.labels().toMap()).containsExactly(entry("path", "/api/v1"), entry("method", "GET"));
    assertThat(p.value()).isEqualTo(9036.32);
    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.value()).isEqualTo(807283.0);
    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.metricName()).endsWith("_created");

    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.familyName()).isEqualTo("go_goroutines");
    assertThat(p.familyUnit()).isEmpty();
    assertThat(p.hasTimestamp()).isTrue();
    assertThat(p.timestampMillis()).isEqualTo(1605281325500L);
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(p.line()).isEqualTo(9);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void countersExemplarsAndSpecialValues() throws ParseException {
    List<MetricFamily> families = MetricFamily.parseAll(Format.OPENMETRICS_1_0_0, """
        # TYPE foo counter
        foo_total{a="1"} 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67 1520879602.1
        foo_total{a="2"} 1 # {} NaN
        foo_created{a="2"} 1520430000.123
        # TYPE h histogram
        h_bucket{le="0.01"} 0
        h_bucket{le="1e1"} 2 # {trace_id="x # }"} 9.5
        h_bucket{le="+Inf"} 3
        h_count 3
        h_sum 17
        # TYPE g gauge
        g{x="a"} +Inf
        g{x="b"} -Inf
        g{x="c"} NaN
        g{x="d"} -1.5e-3
        # TYPE s stateset
        s{s="on"} 1
        s{s="off"} 0
        # TYPE i info
        i_info{version="1.2"} 1
        unknown_thing 5
        # EOF""".getBytes(StandardCharsets.UTF_8));
    assertThat(families).extracting(MetricFamily::name)
        .containsExactly("foo", "h", "g", "s", "i", "unknown_thing");
    MetricFamily.Sample first = families.get(0).samples().get(0);
    assertThat(first.timestampMillis()).isEqualTo(1520879607789L);
    assertThat(first.exemplar()).isEqualTo(new MetricFamily.Exemplar(
        java.util.Map.of("trace_id", "KOO5S4vxi0o"), 0.67, 1520879602100L));
    MetricFamily.Exemplar empty = families.get(0).samples().get(1).exemplar();
    assertThat(empty.labels()).isEmpty();
    assertThat(empty.value()).isNaN();
    assertThat(empty.timestampMillis()).isNull();
    assertThat(families.get(1).samples().get(1).exemplar().labels()).containsExactly(entry("trace_id", "x # }"));
    assertThat(families.get(2).samples()).extracting(MetricFamily.Sample::value)
        .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -0.0015);
    assertThat(families.get(3).type()).isEqualTo(MetricType.STATESET);
    assertThat(families.get(4).type()).isEqualTo(MetricType.INFO);
    assertThat(families.get(5).type()).isEqualTo(MetricType.UNKNOWN);
  }

  static Stream<Arguments> timestamps() {
    return Stream.of(
        Arguments.of("0", 0L), Arguments.of("1.5", 1500L), Arguments.of("1.0059", 1005L),
        Arguments.of("-1.5", -1500L), Arguments.of("1.5e3", 1_500_000L), Arguments.of("000", 0L),
        Arguments.of("12345678901234567890.1234567890", Long.MAX_VALUE), Arguments.of(".001", 1L));
  }

  @ParameterizedTest
  @MethodSource("timestamps")
  void timestampsAreFloatSeconds(String ts, long millis) throws ParseException {
    ExpositionParser p = parser("a 1 " + ts + "\n# EOF\n");
    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.timestampMillis()).isEqualTo(millis);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.argumentSet("no EOF", "a 1\n",
            "line 2: unexpected end of input (expected: \"# EOF\" as the last line)"),
        Arguments.argumentSet("text after EOF", "# EOF\n\n",
            "line 1: unexpected data after \"# EOF\" (expected: \"# EOF\" as the last line)"),
        Arguments.argumentSet("blank line", "a 1\n\n# EOF\n",
            "line 2: blank line (expected: no empty lines in OpenMetrics)"),
        Arguments.argumentSet("comment", "# just a comment\n# EOF\n",
            "line 1: invalid line \"# just a comment\" (expected: \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\"; OpenMetrics has no other comments)"),
        Arguments.argumentSet("leading space", " a 1\n# EOF\n",
            "line 1: line starts with a space (expected: a metric name, or \"#\" for metadata)"),
        Arguments.argumentSet("tab after HELP name", "# HELP a\thelp\n# EOF\n",
            "line 1: invalid metric name \"a\\thelp\" in HELP line (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)"),
        Arguments.argumentSet("untyped", "# TYPE a untyped\n# EOF\n",
            "line 1: invalid metric type \"untyped\" (expected: counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown)"),
        Arguments.argumentSet("unit not a suffix", "# UNIT a_bytes seconds\n# EOF\n",
            "line 1: unit \"seconds\" is not a suffix of metric family \"a_bytes\" (expected: the name to end in \"_seconds\")"),
        Arguments.argumentSet("metadata after samples", "# TYPE a gauge\na 1\n# HELP a x\n# EOF\n",
            "line 3: HELP line for \"a\" after its samples (expected: HELP, TYPE and UNIT lines before the samples of their family)"),
        Arguments.argumentSet("interleaved families", "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n# EOF\n",
            "line 5: metric family \"a\" clashes with an earlier family on \"a\" (expected: each family once, all its lines together)"),
        Arguments.argumentSet("interleaved groups", "a{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 2\n# EOF\n",
            "line 3: samples of metric family \"a\" are not grouped: a{x=\"1\"} follows other label sets after its group ended (expected: each label set's samples together)"),
        Arguments.argumentSet("counter without _total", "# TYPE a counter\na 1\n# EOF\n",
            "line 2: sample a of counter \"a\" lacks a suffix (expected: a_total, a_created)"),
        Arguments.argumentSet("negative counter", "# TYPE a counter\na_total -1\n# EOF\n",
            "line 2: sample a_total has negative value -1 (expected: a non-negative value, as _total samples are counter-like)"),
        Arguments.argumentSet("NaN counter", "# TYPE a counter\na_total NaN\n# EOF\n",
            "line 2: sample a_total has value NaN (expected: a number, as _total samples are counter-like)"),
        Arguments.argumentSet("bucket missing +Inf", "# TYPE a histogram\na_bucket{le=\"1\"} 0\n# EOF\n",
            "line 3: histogram \"a\" has no +Inf bucket (expected: a bucket with le=\"+Inf\" in every group)"),
        Arguments.argumentSet("buckets unsorted", "# TYPE a histogram\na_bucket{le=\"2\"} 0\na_bucket{le=\"1\"} 0\n# EOF\n",
            "line 3: histogram bucket a_bucket{le=\"1\"} is out of order (expected: buckets in increasing \"le\" order, after le=\"2\")"),
        Arguments.argumentSet("buckets not cumulative", "# TYPE a histogram\na_bucket{le=\"1\"} 2\na_bucket{le=\"+Inf\"} 1\n# EOF\n",
            "line 3: histogram bucket a_bucket{le=\"+Inf\"} has count 1 below the previous bucket's 2 (expected: cumulative bucket counts)"),
        Arguments.argumentSet("count differs from +Inf", "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1\na_count 2\na_sum 1\n# EOF\n",
            "line 5: histogram \"a\" has a count of 2 but its +Inf bucket has 1 (expected: equal)"),
        Arguments.argumentSet("invalid le", "# TYPE a histogram\na_bucket{le=\"inf\"} 1\n# EOF\n",
            "line 2: histogram bucket a_bucket{le=\"inf\"} has an invalid \"le\" label \"inf\" (expected: a float upper bound, \"+Inf\" for the last bucket)"),
        Arguments.argumentSet("quantile out of range", "# TYPE a summary\na{quantile=\"2\"} 1\n# EOF\n",
            "line 2: summary quantile a{quantile=\"2\"} has an invalid \"quantile\" label \"2\" (expected: a float from 0 to 1)"),
        Arguments.argumentSet("stateset value", "# TYPE a stateset\na{a=\"x\"} 0.5\n# EOF\n",
            "line 2: stateset sample a{a=\"x\"} has value 0.5 (expected: 0 or 1)"),
        Arguments.argumentSet("info value", "# TYPE a info\na_info 0\n# EOF\n",
            "line 2: info sample a_info has value 0 (expected: 1)"),
        Arguments.argumentSet("exemplar on gauge", "# TYPE a gauge\na 1 # {t=\"1\"} 1\n# EOF\n",
            "line 2: exemplar on a of gauge \"a\" (expected: exemplars only on counter _total and histogram _bucket samples)"),
        Arguments.argumentSet("exemplar too long", "# TYPE a counter\na_total 1 # {t=\"" + "x".repeat(128) + "\"} 1\n# EOF\n",
            "line 2: exemplar labels of metric \"a_total\" have 129 characters (expected: at most 128 in names and values together)"),
        Arguments.argumentSet("exemplar timestamp NaN", "# TYPE a counter\na_total 1 # {} 1 NaN\n# EOF\n",
            "line 2: invalid exemplar timestamp \"NaN\" of metric \"a_total\" (expected: float seconds since the epoch, then end of line)"),
        Arguments.argumentSet("timestamp Inf", "a 1 +Inf\n# EOF\n",
            "line 1: invalid timestamp \"+Inf\" after the value of metric \"a\" (expected: one space, then float seconds since the epoch like 1520879607.789, or an exemplar)"),
        Arguments.argumentSet("timestamps going backwards", "a 1 2\na 1 1\n# EOF\n",
            "line 2: timestamp of a goes backwards within its group (expected: non-decreasing timestamps)"),
        Arguments.argumentSet("timestamp on some samples", "a 1 2\na 1\n# EOF\n",
            "line 2: sample a lacks a timestamp unlike the previous sample of its group (expected: timestamps on all or none of a group's samples)"),
        Arguments.argumentSet("blank in labels", "a{x=\"1\", y=\"2\"} 1\n# EOF\n",
            "line 1: invalid label name \" \" of metric \"a\" (expected: [a-zA-Z_][a-zA-Z0-9_]*)"),
        Arguments.argumentSet("trailing comma", "a{x=\"1\",} 1\n# EOF\n",
            "line 1: trailing comma in the label set of metric \"a\" (expected: a label name after \",\")"),
        Arguments.argumentSet("escape at end of value", "a{x=\"1\\",
            "line 1: unterminated value for label \"x\" (expected: a closing quote)"),
        Arguments.argumentSet("two spaces before value", "a  1\n# EOF\n",
            "line 1: missing value of metric \"a\" (expected: one space, then a number)"),
        Arguments.argumentSet("tab separator", "a\t1\n# EOF\n",
            "line 1: invalid metric name \"a\\t1\" (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void errorMessages(String text, String message) {
    assertThatThrownBy(() -> MetricFamily.parseAll(Format.OPENMETRICS_1_0_0, text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ParseException.class).hasMessage(message);
  }

  @Test
  void afterAnErrorTheSameErrorIsRethrown() throws ParseException {
    ExpositionParser p = parser("a 1\na x\n# EOF\n");
    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    ParseException first = org.assertj.core.api.Assertions.catchThrowableOfType(ParseException.class, p::next);
    assertThat(first).hasMessageStartingWith("line 2: invalid value \"x\"");
    assertThatThrownBy(p::next).isSameAs(first);
  }
}
