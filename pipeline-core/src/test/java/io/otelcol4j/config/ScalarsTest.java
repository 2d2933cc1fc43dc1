package io.otelcol4j.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScalarsTest {
  @ParameterizedTest
  @CsvSource({
      "0, PT0S",
      "0s, PT0S",
      "-0, PT0S",
      "300ms, PT0.3S",
      "1.5s, PT1.5S",
      "1h30m, PT1H30M",
      "1h30m15s, PT1H30M15S",
      "2h45m30.5s, PT2H45M30.5S",
      ".5s, PT0.5S",
      "5.s, PT5S",
      "1.5h, PT1H30M",
      "100us, PT0.0001S",
      "100µs, PT0.0001S",
      "100μs, PT0.0001S",
      "42ns, PT0.000000042S",
      "-5s, PT-5S",
      "+5s, PT5S",
      "1m1m, PT2M"})
  void goDurations(String text, String expected) {
    assertThat(Scalars.parseDuration(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "5", "s", "-", "5 s", "5S", "5sec", "1d", "1.5.5s", "1h 30m", ".s", "5s5", "abc", "5.",
      "9999999999h"})
  void malformedDurations(String text) {
    assertThat(Scalars.parseDuration(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"0s, 0s", "PT0.25S, 250ms", "PT1M30S, 1m30s", "PT2H, 2h", "PT0.0000015S, 1500ns", "PT0.000002S, 2us",
      "PT1H0M5S, 1h5s"})
  void formatsLikeGo(String duration, String expected) {
    Duration d = duration.equals("0s") ? Duration.ZERO : Duration.parse(duration);
    assertThat(Scalars.formatDuration(d)).isEqualTo(expected);
    assertThat(Scalars.parseDuration(expected)).isEqualTo(d);
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0",
      "1048576, 1048576",
      "512B, 512",
      "1KiB, 1024",
      "1Ki, 1024",
      "1.5KiB, 1536",
      "64MiB, 67108864",
      "64mib, 67108864",
      "1GiB, 1073741824",
      "1KB, 1000",
      "10MB, 10000000",
      "2GB, 2000000000",
      "1 MiB, 1048576"})
  void sizes(String text, long expected) {
    assertThat(Scalars.parseSize(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "MiB", "1 parsec", "1TiB", "0x10", "1e3", "99999999999GiB"})
  void malformedSizes(String text) {
    assertThat(Scalars.parseSize(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"42, 42", "-7, -7", "+7, 7", "0x1F, 31", "0o17, 15"})
  void yamlCoreIntegers(String text, long expected) {
    assertThat(Scalars.parseLong(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4.2", "1e3", "0x", "0xZZ", "four", "99999999999999999999", ""})
  void notIntegers(String text) {
    assertThat(Scalars.parseLong(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"true, true", "True, true", "TRUE, true", "false, false", "False, false", "FALSE, false"})
  void yamlCoreBools(String text, boolean expected) {
    assertThat(Scalars.parseBool(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "no", "on", "off", "y", "1", "tRue"})
  void yaml11BoolsAreNotBools(String text) {
    assertThat(Scalars.parseBool(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"1.5, 1.5", ".5, 0.5", "1e3, 1000", "-2, -2", ".inf, Infinity", "-.Inf, -Infinity"})
  void doubles(String text, double expected) {
    assertThat(Scalars.parseDouble(text)).isEqualTo(expected);
  }
}
