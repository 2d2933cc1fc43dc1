package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the OpenMetrics parser conformance suite ({@code testdata/openmetrics}, from
 * OpenObservability/OpenMetrics {@code tests/testdata/parsers}): good cases parse to {@code # EOF},
 * bad cases raise {@link ParseException} with a line-numbered message, and nothing else escapes.
 * No case is skipped.
 */
class OpenMetricsConformanceTest {
  static final Path SUITE = TestFiles.path("openmetrics");

  static List<Path> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(SUITE)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  static Stream<Arguments> allCases() throws IOException {
    return cases().stream().map(d -> Arguments.argumentSet(d.getFileName().toString(), d));
  }

  static boolean shouldParse(Path dir) throws IOException {
    String json = Files.readString(dir.resolve("test.json")).replaceAll("\\s", "");
    if (json.contains("\"shouldParse\":true")) {
      return true;
    }
    assertThat(json).contains("\"shouldParse\":false");
    return false;
  }

  @ParameterizedTest
  @MethodSource("allCases")
  void conformance(Path dir) throws Exception {
    byte[] data = Files.readAllBytes(dir.resolve("metrics"));
    if (shouldParse(dir)) {
      ExpositionParser p = ExpositionParser.create(Format.OPENMETRICS_1_0_0, data);
      int entries = 0;
      for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
        entries++;
        assertThat(entries).isLessThan(100_000);
      }
      assertThat(p.next()).isEqualTo(Entry.EOF);
    } else {
      assertThatThrownBy(() -> drain(data))
          .isInstanceOf(ParseException.class)
          .hasMessageMatching("line \\d+: .+");
    }
  }

  @Test
  void suiteIsComplete() throws IOException {
    List<Path> all = cases();
    long good = 0;
    for (Path d : all) {
      if (shouldParse(d)) {
        good++;
      }
    }
    assertThat(all).hasSize(211);
    assertThat(good).isEqualTo(44);
  }

  static void drain(byte[] data) throws ParseException {
    ExpositionParser p = ExpositionParser.create(Format.OPENMETRICS_1_0_0, data);
    for (int i = 0; i < 1_000_000; i++) {
      if (p.next() == Entry.EOF) {
        return;
      }
    }
    fail("parser did not terminate on " + new String(data, StandardCharsets.UTF_8));
  }
}
