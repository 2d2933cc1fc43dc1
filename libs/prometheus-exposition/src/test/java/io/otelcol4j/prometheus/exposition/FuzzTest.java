package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of the conformance inputs and the node_exporter page through both parsers:
 * whatever the input, only {@link ParseException} may escape, every call terminates, and accessors
 * work on every returned sample. Runs ~2 s with a fixed seed; {@code -Dotelcol4j.fuzz.seconds=600}
 * runs longer, and {@code -Dotelcol4j.fuzz.seed=N} changes the seed.
 */
class FuzzTest {
  private static final byte[] INTERESTING = "\"\\{}=,# \n\t.eE+-_0123456789:aInNf".getBytes(StandardCharsets.UTF_8);
  private static final byte[][] TOKENS = {
      "# EOF\n".getBytes(StandardCharsets.UTF_8), "# TYPE a histogram\n".getBytes(StandardCharsets.UTF_8),
      "# TYPE a counter\n".getBytes(StandardCharsets.UTF_8), "# HELP a ".getBytes(StandardCharsets.UTF_8),
      "# UNIT a_s s\n".getBytes(StandardCharsets.UTF_8), "{le=\"+Inf\"}".getBytes(StandardCharsets.UTF_8),
      " # {a=\"b\"} 1 1".getBytes(StandardCharsets.UTF_8), "NaN".getBytes(StandardCharsets.UTF_8),
      "\\\"".getBytes(StandardCharsets.UTF_8), "\u00e9\u2603".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {0},
  };

  @Test
  void onlyParseExceptionEscapes() throws IOException {
    long seconds = Long.getLong("otelcol4j.fuzz.seconds", 0);
    long budgetNanos = seconds > 0 ? seconds * 1_000_000_000L : 2_000_000_000L;
    Random random = new Random(Long.getLong("otelcol4j.fuzz.seed", 20261122L));
    List<byte[]> corpus = corpus();
    long deadline = System.nanoTime() + budgetNanos;
    long runs = 0;
    long accepted = 0;
    do {
      for (int batch = 0; batch < 100; batch++) {
        byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random);
        for (Format format : Format.values()) {
          runs++;
          if (parse(format, input)) {
            accepted++;
          }
        }
      }
    } while (System.nanoTime() < deadline);
    assertThat(runs).isPositive();
    assertThat(accepted).isPositive(); // mutations that keep a page valid still happen
  }

  /** Parses fully; returns whether the input was accepted. Any non-ParseException fails the test. */
  private static boolean parse(Format format, byte[] input) {
    ExpositionParser p = ExpositionParser.create(format, input);
    int maxEntries = input.length + 2; // at most one entry per line, plus EOF
    try {
      for (int i = 0; i <= maxEntries; i++) {
        Entry e = p.next();
        if (e == Entry.EOF) {
          return true;
        }
        if (e == Entry.SAMPLE) {
          touch(p);
        }
      }
      throw new AssertionError(format + " parser did not reach EOF within " + maxEntries + " entries on "
          + Arrays.toString(input));
    } catch (ParseException expected) {
      assertThat(expected.getMessage()).startsWith("line ");
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError(format + " parser threw " + e + " on input (as Latin-1):\n"
          + new String(input, StandardCharsets.ISO_8859_1), e);
    }
  }

  private static void touch(ExpositionParser p) {
    p.metricName();
    p.familyName();
    p.labels().toMap();
    p.labels().toString();
    if (p.hasExemplar()) {
      p.exemplarLabels().toMap();
    }
    assertThat(p.seriesEnd()).isBetween(p.seriesStart(), p.buffer().length);
  }

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed;
    int n = 1 + r.nextInt(4);
    for (int k = 0; k < n; k++) {
      int len = b.length;
      int at = len == 0 ? 0 : r.nextInt(len + 1);
      switch (r.nextInt(7)) {
        case 0 -> { // flip a byte
          if (len > 0) {
            b = b.clone();
            b[Math.min(at, len - 1)] = (byte) r.nextInt(256);
          }
        }
        case 1 -> b = insert(b, at, new byte[] {INTERESTING[r.nextInt(INTERESTING.length)]});
        case 2 -> b = insert(b, at, TOKENS[r.nextInt(TOKENS.length)]);
        case 3 -> { // delete a range
          int to = Math.min(len, at + 1 + r.nextInt(8));
          byte[] c = new byte[len - (to - at)];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, to, c, at, len - to);
          b = c;
        }
        case 4 -> { // duplicate a range
          int to = Math.min(len, at + r.nextInt(40));
          b = insert(b, at, Arrays.copyOfRange(b, at, to));
        }
        case 5 -> b = Arrays.copyOf(b, at); // truncate
        default -> { // swap two lines' worth of bytes
          if (len > 2) {
            int other = r.nextInt(len);
            b = b.clone();
            byte t = b[Math.min(at, len - 1)];
            b[Math.min(at, len - 1)] = b[other];
            b[other] = t;
          }
        }
      }
    }
    return b;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] c = new byte[b.length + what.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(what, 0, c, at, what.length);
    System.arraycopy(b, at, c, at + what.length, b.length - at);
    return c;
  }

  private static List<byte[]> corpus() throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Path dir : OpenMetricsConformanceTest.cases()) {
      out.add(Files.readAllBytes(dir.resolve("metrics")));
    }
    byte[] page = TestFiles.bytes("node_exporter-1.5.0.txt");
    out.add(Arrays.copyOf(page, 4000)); // a prefix keeps runs fast
    return out;
  }
}
