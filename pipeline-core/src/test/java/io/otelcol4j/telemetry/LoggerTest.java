package io.otelcol4j.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoggerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void consoleRecordCarriesComponentFieldsAsJson() {
    Logger log = Logger.of(Logger.consoleSink(out), Logger.Level.INFO).with("kind", "exporter").with("name", "otlp/a");
    log.info("Exporting failed", "items", 3, "error", "quote \" and\nnewline");
    String line = output().strip();
    assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT.*Z\tinfo\tExporting failed\t\\{.*\\}");
    assertThat(line).endsWith(
        "{\"kind\": \"exporter\", \"name\": \"otlp/a\", \"items\": \"3\", \"error\": \"quote \\\" and\\nnewline\"}");
  }

  @Test
  void levelsBelowTheMinimumAreNotWritten() {
    Logger log = Logger.of(Logger.consoleSink(out), Logger.Level.WARN);
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    assertThat(output().lines()).hasSize(2);
    assertThat(log.isEnabled(Logger.Level.INFO)).isFalse();
    assertThat(log.withLevel(Logger.Level.DEBUG).isEnabled(Logger.Level.DEBUG)).isTrue();
  }

  @Test
  void jsonEncodingIsOneObjectPerLine() {
    Logger log = Logger.of(Logger.jsonSink(out), Logger.Level.DEBUG).with("kind", "receiver");
    log.error("boom", new IllegalStateException("bad"), "id", "otlp");
    String text = output();
    assertThat(text.lines()).hasSize(1);
    assertThat(text).contains("\"level\": \"error\", \"msg\": \"boom\", \"kind\": \"receiver\", \"id\": \"otlp\", \"error\": \"bad\"");
    assertThat(text).contains("\"stacktrace\": \"java.lang.IllegalStateException: bad\\n");
  }

  @Test
  void aFailingSinkNeverThrowsIntoTheCaller() {
    Logger log = Logger.of((t, l, m, f, e) -> {
      throw new IllegalStateException("sink down");
    }, Logger.Level.INFO);
    log.info("still fine");
  }

  @Test
  void levelParsingIsCaseInsensitive() {
    assertThat(Logger.Level.parse("WARN")).isEqualTo(Logger.Level.WARN);
    assertThat(Logger.Level.parse("warn")).isEqualTo(Logger.Level.WARN);
    assertThat(Logger.Level.parse("verbose")).isNull();
  }
}
