package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReadBodyTest {
  @Test
  void readsUpToTheLimit() throws IOException {
    byte[] body = new byte[20_000];
    body[19_999] = 7;
    assertThat(ExpositionParser.readBody(new ByteArrayInputStream(body), 20_000)).isEqualTo(body);
    assertThat(ExpositionParser.readBody(new ByteArrayInputStream(body), 0)).isEqualTo(body);
  }

  @Test
  void refusesLargerBodies() {
    assertThatThrownBy(() -> ExpositionParser.readBody(new ByteArrayInputStream(new byte[20_001]), 20_000))
        .isInstanceOf(IOException.class)
        .hasMessage("body size limit exceeded (limit: 20000 bytes)");
  }

  @Test
  void rejectsBadRanges() {
    assertThatThrownBy(() -> ExpositionParser.create(Format.OPENMETRICS_1_0_0, new byte[4], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset 2, length 3 (expected: within an array of 4)");
  }
}
