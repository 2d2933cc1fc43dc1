package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FormatTest {

  static Stream<Arguments> contentTypes() {
    return Stream.of(
        Arguments.of(null, Format.PROMETHEUS_TEXT_0_0_4),
        Arguments.of("", Format.PROMETHEUS_TEXT_0_0_4),
        Arguments.of("text/plain; version=0.0.4; charset=utf-8", Format.PROMETHEUS_TEXT_0_0_4),
        Arguments.of("text/plain", Format.PROMETHEUS_TEXT_0_0_4),
        Arguments.of("application/json", Format.PROMETHEUS_TEXT_0_0_4),
        Arguments.of("garbage;;;", Format.PROMETHEUS_TEXT_0_0_4),
        Arguments.of("application/openmetrics-text; version=1.0.0; charset=utf-8", Format.OPENMETRICS_1_0_0),
        Arguments.of("application/openmetrics-text;version=0.0.1", Format.OPENMETRICS_1_0_0),
        Arguments.of(" Application/OpenMetrics-Text ", Format.OPENMETRICS_1_0_0));
  }

  @ParameterizedTest
  @MethodSource("contentTypes")
  void forContentType(String contentType, Format expected) {
    assertThat(Format.forContentType(contentType)).isEqualTo(expected);
  }

  @Test
  void acceptHeaderIsPrometheus() {
    assertThat(Format.SCRAPE_ACCEPT_HEADER).isEqualTo("application/openmetrics-text;version=1.0.0,"
        + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    for (Format f : Format.values()) {
      assertThat(Format.forContentType(f.contentType())).isEqualTo(f);
    }
  }
}
