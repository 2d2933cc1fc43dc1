package io.otelcol4j.prometheus.relabel;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.config.ConfigNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Prometheus relabel rule ({@code <relabel_config>}), with Prometheus's keys, defaults and
 * validation. Bind from YAML with {@link #from(ConfigNode)}; apply with {@link Relabeler}.
 *
 * <p>As in Prometheus, a key written with a null value ({@code regex:}) is not the default but the
 * zero value: {@code regex:} is the empty regex (which matches only the empty string),
 * {@code separator:} is the empty separator, {@code replacement:} the empty replacement and
 * {@code action:} fails with "relabel action cannot be empty".
 *
 * @param sourceLabels {@code source_labels}: the labels whose values are joined with
 *     {@code separator} to form the input of the rule; a missing label counts as {@code ""};
 *     default none
 * @param separator {@code separator}: placed between the source values; default
 *     {@value #DEFAULT_SEPARATOR}
 * @param regex {@code regex}: RE2 syntax, anchored at both ends, {@code .} matching newlines;
 *     default {@value #DEFAULT_REGEX}
 * @param modulus {@code modulus}: for {@code hashmod}, taken as an unsigned 64-bit integer; default
 *     0 (unset)
 * @param targetLabel {@code target_label}: the label written by {@code replace} (where it may
 *     contain {@code $1}-style references), {@code hashmod}, {@code lowercase} and
 *     {@code uppercase}, and compared by {@code keepequal}/{@code dropequal}; default none
 * @param replacement {@code replacement}: what {@code replace} writes and {@code labelmap} names the
 *     copies, with {@code $1}/{@code ${name}} expanded; default {@value #DEFAULT_REPLACEMENT}
 * @param action {@code action}: default {@code replace}
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    String regex,
    long modulus,
    String targetLabel,
    String replacement,
    Action action) {

  /** Default {@code separator}. */
  public static final String DEFAULT_SEPARATOR = ";";
  /** Default {@code regex}: everything, captured as group 1. */
  public static final String DEFAULT_REGEX = "(.*)";
  /** Default {@code replacement}: the first group. */
  public static final String DEFAULT_REPLACEMENT = "$1";
  /** Default {@code action}. */
  public static final Action DEFAULT_ACTION = Action.REPLACE;

  public RelabelConfig {
    sourceLabels = List.copyOf(requireNonNull(sourceLabels, "sourceLabels"));
    requireNonNull(separator, "separator");
    requireNonNull(regex, "regex");
    requireNonNull(targetLabel, "targetLabel");
    requireNonNull(replacement, "replacement");
    requireNonNull(action, "action");
  }

  /** A rule with every default: {@code replace} of nothing into no target (not valid by itself). */
  public static RelabelConfig defaults() {
    return new RelabelConfig(List.of(), DEFAULT_SEPARATOR, DEFAULT_REGEX, 0, "", DEFAULT_REPLACEMENT, DEFAULT_ACTION);
  }

  /** A copy with {@code source_labels} set. */
  public RelabelConfig withSourceLabels(String... labels) {
    return new RelabelConfig(List.of(labels), separator, regex, modulus, targetLabel, replacement, action);
  }

  /** A copy with {@code separator} set. */
  public RelabelConfig withSeparator(String s) {
    return new RelabelConfig(sourceLabels, s, regex, modulus, targetLabel, replacement, action);
  }

  /** A copy with {@code regex} set. */
  public RelabelConfig withRegex(String r) {
    return new RelabelConfig(sourceLabels, separator, r, modulus, targetLabel, replacement, action);
  }

  /** A copy with {@code modulus} set. */
  public RelabelConfig withModulus(long m) {
    return new RelabelConfig(sourceLabels, separator, regex, m, targetLabel, replacement, action);
  }

  /** A copy with {@code target_label} set. */
  public RelabelConfig withTargetLabel(String t) {
    return new RelabelConfig(sourceLabels, separator, regex, modulus, t, replacement, action);
  }

  /** A copy with {@code replacement} set. */
  public RelabelConfig withReplacement(String r) {
    return new RelabelConfig(sourceLabels, separator, regex, modulus, targetLabel, r, action);
  }

  /** A copy with {@code action} set. */
  public RelabelConfig withAction(Action a) {
    return new RelabelConfig(sourceLabels, separator, regex, modulus, targetLabel, replacement, a);
  }

  /** Binds and validates one rule with UTF-8 label names (Prometheus 3's default). */
  public static RelabelConfig from(ConfigNode node) {
    return from(node, LabelNameScheme.UTF8);
  }

  /**
   * Binds and validates one rule. Problems are reported through {@code node}: a bad value at its
   * key ({@code regex}, {@code action}, {@code modulus}, {@code source_labels[i]}), a rule that
   * Prometheus's {@code Validate()} refuses at the rule, with Prometheus's message. As Prometheus,
   * only the first validation failure of a rule is reported.
   */
  public static RelabelConfig from(ConfigNode node, LabelNameScheme scheme) {
    if (!node.isMap()) {
      String value = node.asString();
      node.problem(null, (value != null ? "\"" + value + "\"" : "a list") + " (expected: a map of source_labels,"
          + " separator, regex, modulus, target_label, replacement, action)");
      return defaults();
    }
    int problemsBefore = node.problems().errors().size();
    List<String> sourceLabels = node.stringList("source_labels", List.of());
    boolean sourceLabelsSet = node.has("source_labels");
    for (int i = 0; i < sourceLabels.size(); i++) {
      if (!scheme.isValid(sourceLabels.get(i))) {
        node.problem("source_labels[" + i + "]", "\"" + sourceLabels.get(i) + "\" is not a valid label name");
      }
    }
    String separator = zeroOr(node, "separator", DEFAULT_SEPARATOR);
    String regexText = zeroOr(node, "regex", DEFAULT_REGEX);
    boolean regexSet = node.keys().contains("regex");
    try {
      Re2Pattern.compile(regexText);
    } catch (IllegalArgumentException e) {
      node.problem("regex", e.getMessage());
    }
    long modulus = 0;
    String modulusText = node.stringOrNull("modulus");
    if (modulusText != null) {
      Long m = parseUnsigned(modulusText);
      if (m == null) {
        node.problem("modulus", "\"" + modulusText + "\" (expected: an unsigned 64-bit integer)");
      } else {
        modulus = m;
      }
    }
    String targetLabel = zeroOr(node, "target_label", "");
    String replacement = zeroOr(node, "replacement", DEFAULT_REPLACEMENT);
    Action action = DEFAULT_ACTION;
    @Nullable String actionError = null;
    String a = node.stringOrNull("action");
    if (a == null) {
      if (node.keys().contains("action")) {
        actionError = "relabel action cannot be empty";
      }
    } else {
      Action parsed = Action.parse(a);
      if (parsed == null) {
        node.problem("action", "unknown relabel action \"" + a + "\"");
        return new RelabelConfig(sourceLabels, separator, regexText, modulus, targetLabel, replacement, action);
      }
      action = parsed;
    }
    RelabelConfig config = new RelabelConfig(sourceLabels, separator, regexText, modulus, targetLabel, replacement,
        action);
    if (actionError != null) {
      node.problem(null, actionError);
    } else if (node.problems().errors().size() == problemsBefore) {
      // Like Prometheus, validate only what parsed: one problem per mistake.
      String error = config.validate(regexSet, sourceLabelsSet, scheme);
      if (error != null) {
        node.problem(null, error);
      }
    }
    return config;
  }

  /**
   * Prometheus's {@code Config.Validate()}: the first problem of this rule, or null.
   *
   * @param regexSet whether {@code regex} was written (Prometheus compares the regex by identity
   *     with its default, so even {@code regex: (.*)} counts as set for keepequal/dropequal)
   * @param sourceLabelsSet whether {@code source_labels} was written (even as {@code []})
   */
  @Nullable String validate(boolean regexSet, boolean sourceLabelsSet, LabelNameScheme scheme) {
    boolean needsTarget = action == Action.REPLACE || action == Action.HASHMOD || action == Action.LOWERCASE
        || action == Action.UPPERCASE || action == Action.KEEPEQUAL || action == Action.DROPEQUAL;
    boolean caseOrEqual = action == Action.LOWERCASE || action == Action.UPPERCASE || action == Action.KEEPEQUAL
        || action == Action.DROPEQUAL;
    if (modulus == 0 && action == Action.HASHMOD) {
      return "relabel configuration for hashmod requires non-zero modulus";
    }
    if (needsTarget && targetLabel.isEmpty()) {
      return "relabel configuration for " + action + " action requires 'target_label' value";
    }
    boolean targetHasVar = targetLabel.contains("$");
    if (action == Action.REPLACE && !targetHasVar && !scheme.isValid(targetLabel)) {
      return invalidTarget();
    }
    if (action == Action.REPLACE && targetHasVar && !scheme.isValidTemplate(targetLabel)) {
      return invalidTarget();
    }
    if (caseOrEqual && !scheme.isValid(targetLabel)) {
      return invalidTarget();
    }
    if (caseOrEqual && !replacement.equals(DEFAULT_REPLACEMENT)) {
      return "'replacement' can not be set for " + action + " action";
    }
    if (action == Action.LABELMAP && !scheme.isValidTemplate(replacement)) {
      return "\"" + replacement + "\" is invalid 'replacement' for " + action + " action";
    }
    if (action == Action.HASHMOD && !scheme.isValid(targetLabel)) {
      return invalidTarget();
    }
    if ((action == Action.DROPEQUAL || action == Action.KEEPEQUAL)
        && (regexSet || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
            || !replacement.equals(DEFAULT_REPLACEMENT))) {
      return action + " action requires only 'source_labels' and `target_label`, and no other fields";
    }
    if ((action == Action.LABELDROP || action == Action.LABELKEEP)
        && (sourceLabelsSet || !targetLabel.isEmpty() || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
            || !replacement.equals(DEFAULT_REPLACEMENT))) {
      return action + " action requires only 'regex', and no other fields";
    }
    return null;
  }

  private String invalidTarget() {
    return "\"" + targetLabel + "\" is invalid 'target_label' for " + action + " action";
  }

  /** The value at {@code key}; its default when absent, the empty string when written as null. */
  private static String zeroOr(ConfigNode node, String key, String defaultValue) {
    String s = node.stringOrNull(key);
    if (s != null) {
      return s;
    }
    return node.keys().contains(key) ? "" : defaultValue;
  }

  private static @Nullable Long parseUnsigned(String s) {
    try {
      return Long.parseUnsignedLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
