package io.otelcol4j.prometheus.exposition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test data under {@code src/test/resources/testdata}. */
final class TestFiles {
  private TestFiles() {}

  static Path path(String relative) {
    URL url = TestFiles.class.getResource("/testdata/" + relative);
    if (url == null) {
      throw new IllegalStateException("missing test resource testdata/" + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
