package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StringCacheTest {
  private static String get(StringCache c, String s) {
    byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.UTF_8);
    return c.get(b, 2, b.length - 2);
  }

  @Test
  void repeatedBytesGiveTheSameInstance() {
    StringCache c = new StringCache();
    String a = get(c, "node_cpu_seconds_total");
    assertThat(get(c, "node_cpu_seconds_total")).isSameAs(a).isEqualTo("node_cpu_seconds_total");
    assertThat(get(c, "")).isEmpty();
    assertThat(get(c, "grüße")).isEqualTo("grüße");
  }

  @Test
  void growsUpToItsBoundWhileMissesOutnumberItsSlotsAndKeepsAnswering() {
    StringCache c = new StringCache();
    int initial = c.slots();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 20_000; i++) {
        assertThat(get(c, "value_" + i)).isEqualTo("value_" + i);
      }
    }
    assertThat(c.slots()).isGreaterThan(initial).isEqualTo(StringCache.MAX_SLOTS);
    String kept = get(c, "after_growth");
    assertThat(get(c, "after_growth")).isSameAs(kept);
  }

  @Test
  void longValuesAreDecodedEveryTime() {
    StringCache c = new StringCache();
    String longValue = "v".repeat(200);
    assertThat(get(c, longValue)).isEqualTo(longValue);
  }
}
