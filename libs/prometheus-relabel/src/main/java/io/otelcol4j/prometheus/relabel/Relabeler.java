package io.otelcol4j.prometheus.relabel;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A precompiled list of relabel rules, applied in order with Prometheus's semantics (its
 * {@code relabel.ProcessBuilder}).
 *
 * <p>Per rule, the values of {@code source_labels} (a missing label counts as {@code ""}) are
 * joined with {@code separator}, and then:
 *
 * <ul>
 *   <li>{@code replace}: when {@code regex} matches the joined value, {@code target_label} and
 *       {@code replacement} are expanded with the groups; an expanded target that is not a valid
 *       label name leaves the labels unchanged, an empty expanded replacement removes the target;
 *   <li>{@code keep}/{@code drop}: drops the series unless / when {@code regex} matches;
 *   <li>{@code keepequal}/{@code dropequal}: drops the series unless / when the joined value equals
 *       the value of {@code target_label};
 *   <li>{@code hashmod}: sets {@code target_label} to the big-endian unsigned 64-bit integer in the
 *       last 8 bytes of the MD5 of the joined value, modulo {@code modulus};
 *   <li>{@code labelmap}: every label whose name matches {@code regex} is copied to the name
 *       {@code replacement} expands to;
 *   <li>{@code labeldrop}/{@code labelkeep}: removes labels whose name matches / does not match;
 *   <li>{@code lowercase}/{@code uppercase}: sets {@code target_label} to the joined value mapped
 *       code point by code point, as Go's {@code strings.ToLower}/{@code ToUpper} do.
 * </ul>
 *
 * <p>Immutable and thread-safe; all mutable state lives in the {@link LabelsBuilder}, one per
 * thread.
 */
public final class Relabeler {
  private static final Relabeler EMPTY = new Relabeler(new Rule[0], List.of());

  private final Rule[] rules;
  private final List<RelabelConfig> configs;

  private Relabeler(Rule[] rules, List<RelabelConfig> configs) {
    this.rules = rules;
    this.configs = configs;
  }

  /** Compiles {@code configs} with UTF-8 label names (Prometheus 3's default). */
  public static Relabeler of(List<RelabelConfig> configs) {
    return of(configs, LabelNameScheme.UTF8);
  }

  /**
   * Compiles {@code configs}.
   *
   * @throws IllegalArgumentException naming the rule ({@code relabel_configs[2]: …}) when a rule is
   *     invalid, with Prometheus's message
   */
  public static Relabeler of(List<RelabelConfig> configs, LabelNameScheme scheme) {
    requireNonNull(configs, "configs");
    requireNonNull(scheme, "scheme");
    if (configs.isEmpty()) {
      return EMPTY;
    }
    Rule[] rules = new Rule[configs.size()];
    for (int i = 0; i < rules.length; i++) {
      RelabelConfig c = requireNonNull(configs.get(i), "configs[" + i + "]");
      try {
        Re2Pattern regex = Re2Pattern.compile(c.regex());
        String error = c.validate(!c.regex().equals(RelabelConfig.DEFAULT_REGEX), !c.sourceLabels().isEmpty(), scheme);
        if (error != null) {
          throw new IllegalArgumentException(error);
        }
        rules[i] = new Rule(c, regex, scheme);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("relabel_configs[" + i + "]: " + e.getMessage(), e);
      }
    }
    return new Relabeler(rules, List.copyOf(configs));
  }

  /** The rules, as given. */
  public List<RelabelConfig> configs() {
    return configs;
  }

  /** True when there are no rules: every series is kept unchanged. */
  public boolean isEmpty() {
    return rules.length == 0;
  }

  /**
   * Applies the rules to {@code labels} in place.
   *
   * @return false when a rule dropped the series; the labels are then left half-processed
   */
  public boolean process(LabelsBuilder labels) {
    labels.rebase();
    for (Rule r : rules) {
      if (!r.apply(labels)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Relabeler" + configs;
  }

  /** One compiled rule. */
  private static final class Rule {
    private final Action action;
    private final String[] sourceLabels;
    private final String separator;
    private final Re2Pattern regex;
    private final boolean defaultRegex;
    private final long modulus;
    private final String targetLabel;
    private final Template target;
    private final Template replacement;
    private final LabelNameScheme scheme;

    Rule(RelabelConfig c, Re2Pattern regex, LabelNameScheme scheme) {
      this.action = c.action();
      this.sourceLabels = c.sourceLabels().toArray(new String[0]);
      this.separator = c.separator();
      this.regex = regex;
      this.defaultRegex = c.regex().equals(RelabelConfig.DEFAULT_REGEX);
      this.modulus = c.modulus();
      this.targetLabel = c.targetLabel();
      this.target = Template.parse(c.targetLabel(), regex);
      this.replacement = Template.parse(c.replacement(), regex);
      this.scheme = scheme;
    }

    private String joinedSources(LabelsBuilder lb) {
      switch (sourceLabels.length) {
        case 0:
          return "";
        case 1:
          return lb.get(sourceLabels[0]);
        default:
          StringBuilder sb = lb.scratch;
          sb.setLength(0);
          for (int i = 0; i < sourceLabels.length; i++) {
            if (i > 0) {
              sb.append(separator);
            }
            sb.append(lb.get(sourceLabels[i]));
          }
          return sb.toString();
      }
    }

    boolean apply(LabelsBuilder lb) {
      String val = joinedSources(lb);
      switch (action) {
        case DROP:
          return !lb.matcher(regex.pattern(), val).matches();
        case KEEP:
          return lb.matcher(regex.pattern(), val).matches();
        case DROPEQUAL:
          return !lb.get(targetLabel).equals(val);
        case KEEPEQUAL:
          return lb.get(targetLabel).equals(val);
        case REPLACE:
          replace(lb, val);
          return true;
        case LOWERCASE:
          lb.set(targetLabel, mapCase(val, false));
          return true;
        case UPPERCASE:
          lb.set(targetLabel, mapCase(val, true));
          return true;
        case HASHMOD:
          lb.set(targetLabel, Long.toUnsignedString(Long.remainderUnsigned(hash(lb.md5(), val), modulus)));
          return true;
        case LABELMAP: {
          int n = lb.snapshot();
          for (int i = 0; i < n; i++) {
            String name = lb.snapshotName(i);
            Matcher m = lb.matcher(regex.pattern(), name);
            if (m.matches()) {
              lb.set(replacement.expand(m, lb.scratch), lb.snapshotValue(i));
            }
          }
          return true;
        }
        case LABELDROP:
        case LABELKEEP: {
          boolean dropMatching = action == Action.LABELDROP;
          int n = lb.snapshot();
          for (int i = 0; i < n; i++) {
            String name = lb.snapshotName(i);
            if (lb.matcher(regex.pattern(), name).matches() == dropMatching) {
              lb.delete(name);
            }
          }
          return true;
        }
        default:
          throw new AssertionError(action);
      }
    }

    private void replace(LabelsBuilder lb, String val) {
      // Prometheus's fast path: nothing to match or expand.
      if (val.isEmpty() && defaultRegex && target.isLiteral() && replacement.isLiteral()
          && !targetLabel.contains("$") && !replacement.text().contains("$")) {
        lb.set(targetLabel, replacement.text());
        return;
      }
      Matcher m = lb.matcher(regex.pattern(), val);
      if (!m.matches()) {
        return;
      }
      String name = target.expand(m, lb.scratch);
      if (!scheme.isValid(name)) {
        return;
      }
      String value = replacement.expand(m, lb.scratch);
      if (value.isEmpty()) {
        lb.delete(name);
      } else {
        lb.set(name, value);
      }
    }

    private static long hash(MessageDigest md5, String val) {
      byte[] sum = md5.digest(val.getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 8; i < 16; i++) {
        h = (h << 8) | (sum[i] & 0xFF);
      }
      return h;
    }

    /** Go's strings.ToLower/ToUpper: one code point to one code point, no locale, no expansion. */
    private static String mapCase(String s, boolean upper) {
      int i = 0;
      int n = s.length();
      while (i < n) {
        int cp = s.codePointAt(i);
        if ((upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp)) != cp) {
          break;
        }
        i += Character.charCount(cp);
      }
      if (i == n) {
        return s;
      }
      StringBuilder sb = new StringBuilder(n).append(s, 0, i);
      while (i < n) {
        int cp = s.codePointAt(i);
        sb.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
        i += Character.charCount(cp);
      }
      return sb.toString();
    }
  }
}
