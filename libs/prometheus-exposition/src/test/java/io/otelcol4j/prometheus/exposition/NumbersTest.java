package io.otelcol4j.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Numbers#parseFloat} must give exactly what {@link Double#parseDouble} gives, bit for bit. */
class NumbersTest {
  private static void check(String text) {
    byte[] b = (" " + text + " ").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Numbers.isFloat(b, 1, b.length - 1, true)).as(text).isTrue();
    double got = Numbers.parseFloat(b, 1, b.length - 1);
    assertThat(Double.doubleToRawLongBits(got)).as(text)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  @Test
  void randomValuesInTheFormsPagesUseAreBitIdenticalToTheJdk() {
    Random r = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      long whole = switch (r.nextInt(4)) {
        case 0 -> r.nextInt(1000);
        case 1 -> r.nextInt() & Integer.MAX_VALUE;
        case 2 -> (r.nextLong() >>> 1) >>> r.nextInt(63);
        default -> (long) (r.nextDouble() * 1e15);
      };
      String sign = r.nextInt(5) == 0 ? "-" : r.nextInt(10) == 0 ? "+" : "";
      String fraction = "";
      int digits = r.nextInt(20);
      if (digits > 0) {
        StringBuilder f = new StringBuilder(".");
        for (int d = 0; d < digits; d++) {
          f.append((char) ('0' + r.nextInt(10)));
        }
        fraction = f.toString();
      }
      String exponent = r.nextInt(4) == 0 ? (r.nextBoolean() ? "e" : "E") + (r.nextInt(3) == 0 ? "-" : "")
          + r.nextInt(330) : "";
      check(sign + whole + fraction + exponent);
    }
  }

  @Test
  void javaFormattedDoublesRoundTrip() {
    Random r = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      double v = switch (r.nextInt(3)) {
        case 0 -> Double.longBitsToDouble(r.nextLong());
        case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        default -> Math.round(r.nextDouble() * 1e6) / 1000.0;
      };
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      check(Double.toString(v));
      check(String.format("%.6e", v));
      check(String.format("%.3f", v).replace(',', '.'));
    }
  }

  @Test
  void edgeCases() {
    for (String s : new String[] {"0", "-0", "0.0", "-0.0", ".5", "5.", "1e0", "9007199254740992", "9007199254740993",
        "123456789012345678", "1234567890123456789", "0.1", "0.30000000000000004", "1e22", "1e23", "1e-22", "1e-23",
        "4.9e-324", "2.2250738585072014E-308", "1.7976931348623157e308", "1e400", "1e-400",
        "000000000000000000000000000001", "0.000000000000000000000000000001"}) {
      check(s);
    }
  }
}
