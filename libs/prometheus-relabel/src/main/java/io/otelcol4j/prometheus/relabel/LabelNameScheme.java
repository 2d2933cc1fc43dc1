package io.otelcol4j.prometheus.relabel;

import java.util.regex.Pattern;

/**
 * Which label names are valid, as Prometheus's {@code model.ValidationScheme}. It decides which
 * {@code target_label}s and {@code source_labels} a config may name, and whether a {@code replace}
 * whose target label expands to a name is applied.
 */
public enum LabelNameScheme {
  /**
   * Prometheus 3's default: any non-empty string of valid Unicode (no unpaired surrogate), so names
   * like {@code service.name} are allowed.
   */
  UTF8,
  /** Prometheus 2's names: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  LEGACY;

  private static final Pattern LEGACY_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  // Prometheus's relabelTargetLegacy: a legacy name that may contain $1, ${1}, $name, ${name}.
  private static final Pattern LEGACY_TARGET = Pattern.compile("(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+");

  /** True when {@code name} is a valid label name in this scheme. */
  public boolean isValid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    if (this == LEGACY) {
      return LEGACY_NAME.matcher(name).matches();
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code template} is a valid label name once its {@code $} variables are expanded. */
  boolean isValidTemplate(String template) {
    return this == LEGACY ? LEGACY_TARGET.matcher(template).matches() : isValid(template);
  }
}
