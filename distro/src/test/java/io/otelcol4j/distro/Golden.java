package io.otelcol4j.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/testdata/}: text output compared exactly (line ends
 * normalised). Run with {@code -Dotelcol4j.updateGolden=true} to rewrite them from the actual
 * output, then review the diff.
 */
final class Golden {
  static final String UPDATE_PROPERTY = "otelcol4j.updateGolden";

  private Golden() {}

  static void assertMatches(String name, String actual) throws IOException {
    Path file = Path.of("src/test/resources/testdata", name);
    String normalised = actual.replace("\r\n", "\n");
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, normalised, StandardCharsets.UTF_8);
      return;
    }
    assertThat(file).as("golden file %s (create it with -D%s=true)", file, UPDATE_PROPERTY).exists();
    String expected = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertThat(normalised).as("output compared with %s (rewrite with -D%s=true)", file, UPDATE_PROPERTY)
        .isEqualTo(expected);
  }
}
