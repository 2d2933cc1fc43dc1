package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrometheusTextParserTest {

  static ExpositionParser parser(String text) {
    return ExpositionParser.create(Format.PROMETHEUS_TEXT_0_0_4, text.getBytes(StandardCharsets.UTF_8));
  }

  static ExpositionParser firstSample(String text) throws ParseException {
    ExpositionParser p = parser(text);
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e == Entry.SAMPLE) {
        return p;
      }
    }
    throw new AssertionError("no sample in " + text);
  }

  @Test
  void metadataCommentsAndSamples() throws ParseException {
    ExpositionParser p = parser("""
        # A free comment
        #no space comment
        # HELP http_requests_total The total number of\\nHTTP requests, C:\\\\ and \\q.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000

        \t
        metric_without_timestamp_and_labels 12.47
        """);
    assertThat(p.format()).isEqualTo(Format.PROMETHEUS_TEXT_0_0_4);
    assertThat(p.next()).isEqualTo(Entry.COMMENT);
    assertThat(p.comment()).isEqualTo("# A free comment");
    assertThat(p.next()).isEqualTo(Entry.COMMENT);
    assertThat(p.comment()).isEqualTo("#no space comment");
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.familyName()).isEqualTo("http_requests_total");
    assertThat(p.familyHelp()).isEqualTo("The total number of\nHTTP requests, C:\\ and \\q.");
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.familyType()).isEqualTo(MetricType.COUNTER);
    assertThat(p.line()).isEqualTo(4);

    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.metricName()).isEqualTo("http_requests_total");
    assertThat(p.familyName()).isEqualTo("http_requests_total");
    assertThat(p.familyType()).isEqualTo(MetricType.COUNTER);
    assertThat(p.familyHelp()).startsWith("The total number");
    assertThat(p.labels().toMap()).containsExactly(entry("method", "post"), entry("code", "200"));
    assertThat(p.value()).isEqualTo(1027);
    assertThat(p.hasTimestamp()).isTrue();
    assertThat(p.timestampMillis()).isEqualTo(1395066363000L);
    assertThat(p.hasExemplar()).isFalse();

    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.labels().get("code")).isEqualTo("400");
    assertThat(p.value()).isEqualTo(3);

    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.line()).isEqualTo(9);
    assertThat(p.metricName()).isEqualTo("metric_without_timestamp_and_labels");
    assertThat(p.familyName()).isEqualTo("metric_without_timestamp_and_labels");
    assertThat(p.familyType()).isEqualTo(MetricType.UNKNOWN);
    assertThat(p.familyHelp()).isEmpty();
    assertThat(p.labels().size()).isZero();
    assertThat(p.hasTimestamp()).isFalse();
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void histogramAndSummarySamplesBelongToTheirFamily() throws ParseException {
    var families = MetricFamily.parseAll(Format.PROMETHEUS_TEXT_0_0_4, """
        # TYPE rpc summary
        rpc{quantile="0.5"} 4773
        rpc_sum 1.7560473e+07
        rpc_count 2693
        # TYPE lat histogram
        lat_bucket{le="0.05"} 24054
        lat_bucket{le="+Inf"} 144320
        lat_sum 53423
        lat_count 144320
        lat_other 1
        # TYPE untyped_one untyped
        untyped_one 1
        """.getBytes(StandardCharsets.UTF_8));
    assertThat(families).extracting(MetricFamily::name, MetricFamily::type, f -> f.samples().size())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rpc", MetricType.SUMMARY, 3),
            org.assertj.core.groups.Tuple.tuple("lat", MetricType.HISTOGRAM, 4),
            org.assertj.core.groups.Tuple.tuple("lat_other", MetricType.UNKNOWN, 1),
            org.assertj.core.groups.Tuple.tuple("untyped_one", MetricType.UNKNOWN, 1));
  }

  @Test
  void escapedLabelValues() throws ParseException {
    ExpositionParser p = firstSample("m{a=\"x\\\\y\",b=\"q\\\"uote\",c=\"new\\nline\",d=\"keep\\z\",e=\"é✓\"} 1\n");
    assertThat(p.labels().toMap()).containsExactly(entry("a", "x\\y"), entry("b", "q\"uote"),
        entry("c", "new\nline"), entry("d", "keep\\z"), entry("e", "é✓"));
    assertThat(p.labels().toString()).isEqualTo("{a=\"x\\\\y\",b=\"q\\\"uote\",c=\"new\\nline\",d=\"keep\\\\z\",e=\"é✓\"}");
  }

  @Test
  void whitespaceIsFlexible() throws ParseException {
    ExpositionParser p = firstSample("  m \t{ a = \"1\" , b=\"2\", }\t7 \t 42  \t\n");
    assertThat(p.labels().toMap()).containsExactly(entry("a", "1"), entry("b", "2"));
    assertThat(p.value()).isEqualTo(7);
    assertThat(p.timestampMillis()).isEqualTo(42);
    assertThat(firstSample("m{a=\"1\"}2").value()).isEqualTo(2); // no newline at the end, no blank before value
    assertThat(firstSample("m{} 3\n").labels().size()).isZero();
  }

  static Stream<Arguments> floats() {
    return Stream.of(
        Arguments.of("1", 1.0), Arguments.of("-2.5e3", -2500.0), Arguments.of("+3", 3.0),
        Arguments.of(".5", 0.5), Arguments.of("5.", 5.0), Arguments.of("1E-3", 0.001),
        Arguments.of("0000012", 12.0), Arguments.of("-0", -0.0),
        Arguments.of("1.7976931348623157e308", Double.MAX_VALUE), Arguments.of("4.9e-324", Double.MIN_VALUE),
        Arguments.of("1e-400", 0.0), Arguments.of("0.1", 0.1), Arguments.of("123456789012345678901234567890", 1.2345678901234568e29),
        Arguments.of("9007199254740993", 9.007199254740992E15), Arguments.of("2.2250738585072011e-308", 2.225073858507201E-308),
        Arguments.of("NaN", Double.NaN), Arguments.of("nan", Double.NaN), Arguments.of("+Inf", Double.POSITIVE_INFINITY),
        Arguments.of("-Inf", Double.NEGATIVE_INFINITY), Arguments.of("inf", Double.POSITIVE_INFINITY),
        Arguments.of("-infinity", Double.NEGATIVE_INFINITY), Arguments.of("+INFINITY", Double.POSITIVE_INFINITY));
  }

  @ParameterizedTest
  @MethodSource("floats")
  void goFloatSyntax(String text, double expected) throws ParseException {
    // Boxed: Double.equals tells NaN == NaN and -0.0 != 0.0.
    assertThat(Double.valueOf(firstSample("m " + text + "\n").value())).isEqualTo(Double.valueOf(expected));
    if (!Double.isNaN(expected) && !Double.isInfinite(expected)) {
      // The allocation-free fast path must agree with the JDK's correctly rounded parser.
      assertThat(Numbers.parseFloat(text.getBytes(StandardCharsets.US_ASCII), 0, text.length()))
          .isEqualTo(Double.parseDouble(text));
    }
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.argumentSet("duplicate label", "m{a=\"1\",a=\"2\"} 1", "line 1: duplicate label name \"a\""),
        Arguments.argumentSet("invalid metric name", "0m 1",
            "line 1: invalid metric name \"0m\" (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)"),
        Arguments.argumentSet("invalid metric name char", "a.b 1",
            "line 1: invalid metric name \"a.b\" (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)"),
        Arguments.argumentSet("invalid label name", "m{1a=\"x\"} 1",
            "line 1: invalid label name \"1a\" (expected: [a-zA-Z_][a-zA-Z0-9_]* or \"}\")"),
        Arguments.argumentSet("colon in label name", "m{a:b=\"x\"} 1",
            "line 1: expected \"=\" after label name \"a\", got \":\""),
        Arguments.argumentSet("unquoted label value", "m{a=x} 1",
            "line 1: expected a quoted value for label \"a\", got \"x\""),
        Arguments.argumentSet("unterminated label value", "m{a=\"x} 1",
            "line 1: unterminated value for label \"a\" (expected: a closing quote)"),
        Arguments.argumentSet("unterminated label set", "m{a=\"x\"",
            "line 1: unterminated label set of metric \"m\" (expected: \"}\")"),
        Arguments.argumentSet("invalid UTF-8", "m{a=\"\u00ff\"} 1",
            "line 1: invalid UTF-8 in value of label \"a\""),
        Arguments.argumentSet("invalid type", "# TYPE m gauge2",
            "line 1: invalid metric type \"gauge2\" (expected: counter, gauge, histogram, summary or untyped)"),
        Arguments.argumentSet("openmetrics type", "# TYPE m info",
            "line 1: invalid metric type \"info\" (expected: counter, gauge, histogram, summary or untyped)"),
        Arguments.argumentSet("trailing blank after type", "# TYPE m gauge ",
            "line 1: invalid metric type \"gauge \" (expected: counter, gauge, histogram, summary or untyped)"),
        Arguments.argumentSet("invalid name in TYPE", "# TYPE 1m gauge",
            "line 1: invalid metric name \"1m\" in TYPE line (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)"),
        Arguments.argumentSet("missing value", "\n\nm{a=\"1\"}  ",
            "line 3: expected a value after metric \"m\", got end of line"),
        Arguments.argumentSet("invalid value", "m 1_000",
            "line 1: invalid value \"1_000\" of metric \"m\" (expected: a float like 1, -2.5e3, NaN, +Inf or -Inf)"),
        Arguments.argumentSet("hex value", "m 0x1p3",
            "line 1: invalid value \"0x1p3\" of metric \"m\" (expected: a float like 1, -2.5e3, NaN, +Inf or -Inf)"),
        Arguments.argumentSet("signed NaN", "m -NaN",
            "line 1: invalid value \"-NaN\" of metric \"m\" (expected: a float like 1, -2.5e3, NaN, +Inf or -Inf)"),
        Arguments.argumentSet("value out of range", "m 1e400",
            "line 1: value \"1e400\" of metric \"m\" is out of range"),
        Arguments.argumentSet("float timestamp", "m 1 1.5",
            "line 1: invalid timestamp \"1.5\" of metric \"m\" (expected: integer milliseconds since the epoch)"),
        Arguments.argumentSet("negative timestamp", "m 1 -5",
            "line 1: invalid timestamp \"-5\" of metric \"m\" (expected: integer milliseconds since the epoch)"),
        Arguments.argumentSet("timestamp overflow", "m 1 9223372036854775808",
            "line 1: invalid timestamp \"9223372036854775808\" of metric \"m\" (expected: integer milliseconds since the epoch)"),
        Arguments.argumentSet("text after timestamp", "m 1 2 3",
            "line 1: unexpected \"3\" after the timestamp of metric \"m\" (expected: end of line)"),
        Arguments.argumentSet("exemplar in text format", "m_total 1 # {a=\"b\"} 1",
            "line 1: invalid timestamp \"#\" of metric \"m_total\" (expected: integer milliseconds since the epoch)"),
        Arguments.argumentSet("invalid UTF-8 help", "# HELP m \u00ff",
            "line 1: HELP text of \"m\" is not valid UTF-8"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void errorMessages(String text, String message) {
    // Latin-1 keeps \u00ff a single invalid byte; everything else in these inputs is ASCII.
    byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> {
      ExpositionParser p = ExpositionParser.create(Format.PROMETHEUS_TEXT_0_0_4, data);
      while (p.next() != Entry.EOF) {
        // drain
      }
    }).isInstanceOf(ParseException.class).hasMessage(message);
  }

  @Test
  void parseExceptionCarriesTheLine() {
    assertThatThrownBy(() -> MetricFamily.parseAll(Format.PROMETHEUS_TEXT_0_0_4,
        "a 1\nb 2\nc x\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.line()).isEqualTo(3));
  }

  @Test
  void resetReusesTheParser() throws ParseException {
    ExpositionParser p = parser("a 1\n");
    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    String name = p.metricName();
    byte[] second = "xx a{b=\"c\"} 2\n".getBytes(StandardCharsets.UTF_8);
    p.reset(second, 3, second.length - 3);
    assertThat(p.next()).isEqualTo(Entry.SAMPLE);
    assertThat(p.metricName()).isSameAs(name); // from the name cache
    assertThat(p.labels().toMap()).containsExactly(entry("b", "c"));
    assertThat(p.line()).isEqualTo(1);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }
}
