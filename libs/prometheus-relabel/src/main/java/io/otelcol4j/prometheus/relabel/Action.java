package io.otelcol4j.prometheus.relabel;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A relabel action, named in YAML as Prometheus names it ({@code replace}, {@code keep}, …). */
public enum Action {
  /** Sets {@code target_label} to the expanded {@code replacement} when {@code regex} matches. */
  REPLACE,
  /** Drops the series unless {@code regex} matches the joined source values. */
  KEEP,
  /** Drops the series when {@code regex} matches the joined source values. */
  DROP,
  /** Drops the series unless the joined source values equal the value of {@code target_label}. */
  KEEPEQUAL,
  /** Drops the series when the joined source values equal the value of {@code target_label}. */
  DROPEQUAL,
  /** Sets {@code target_label} to the md5 of the joined source values modulo {@code modulus}. */
  HASHMOD,
  /** Copies every label whose name matches {@code regex} to the name the replacement expands to. */
  LABELMAP,
  /** Removes every label whose name matches {@code regex}. */
  LABELDROP,
  /** Removes every label whose name does not match {@code regex}. */
  LABELKEEP,
  /** Sets {@code target_label} to the joined source values in lower case. */
  LOWERCASE,
  /** Sets {@code target_label} to the joined source values in upper case. */
  UPPERCASE;

  /** The name used in YAML, e.g. {@code labelmap}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action named {@code s}, case-insensitively as Prometheus parses it; null when unknown. */
  public static @Nullable Action parse(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    for (Action a : values()) {
      if (a.configName().equals(lower)) {
        return a;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return configName();
  }
}
