package io.otelcol4j.prometheus.relabel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A replacement template expanded as Go's {@code Regexp.ExpandString} expands it, parsed once
 * against the regex it belongs to.
 *
 * <p>Go's rules, which this follows exactly: {@code $$} is a literal {@code $}; {@code $name} takes
 * the longest run of letters, digits and {@code _} as the name, so {@code $1x} is the group named
 * {@code 1x}, not group 1 followed by {@code x}; {@code ${name}} delimits the name; a name of digits
 * only (without a leading zero, below 10^8) is a group number, anything else a group name; a group
 * that does not exist or did not participate expands to nothing; a {@code $} not followed by a valid
 * name (or a {@code ${} without its {@code }}) is kept as a literal {@code $}.
 */
final class Template {
  // Parts: a String is literal text, an Integer a group index (-1: a group that does not exist).
  private final Object[] parts;
  private final String text;
  private final boolean literal;

  private Template(String text, Object[] parts) {
    this.text = text;
    this.parts = parts;
    this.literal = parts.length == 0 || (parts.length == 1 && parts[0] instanceof String);
  }

  /** Parses {@code template} against the groups of {@code regex}. */
  static Template parse(String template, Re2Pattern regex) {
    List<Object> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        lit.append(template, i, n);
        break;
      }
      lit.append(template, i, dollar);
      i = dollar + 1;
      if (i < n && template.charAt(i) == '$') {
        lit.append('$');
        i++;
        continue;
      }
      boolean brace = i < n && template.charAt(i) == '{';
      int nameStart = brace ? i + 1 : i;
      int j = nameStart;
      while (j < n) {
        int cp = template.codePointAt(j);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        j += Character.charCount(cp);
      }
      if (j == nameStart || (brace && (j >= n || template.charAt(j) != '}'))) {
        lit.append('$'); // malformed: the $ is literal text, and what follows is read as usual
        continue;
      }
      String name = template.substring(nameStart, j);
      i = brace ? j + 1 : j;
      if (lit.length() > 0) {
        parts.add(lit.toString());
        lit.setLength(0);
      }
      int number = groupNumber(name);
      int group = number >= 0 ? (number <= regex.groupCount() ? number : -1) : regex.groupIndex(name);
      parts.add(group);
    }
    if (lit.length() > 0) {
      parts.add(lit.toString());
    }
    return new Template(template, parts.toArray());
  }

  /** Go's rule: decimal digits only, no leading zero, below 10^8; otherwise -1 (a name). */
  private static int groupNumber(String name) {
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      return -1;
    }
    return num;
  }

  /** True when the template has no group references: it expands to itself (with $$ as $). */
  boolean isLiteral() {
    return literal;
  }

  /** The template as written. */
  String text() {
    return text;
  }

  /**
   * Expands against the successful match {@code m} of {@code input}.
   *
   * @param sb scratch buffer, cleared here
   */
  String expand(Matcher m, StringBuilder sb) {
    if (literal) {
      return parts.length == 0 ? "" : (String) parts[0];
    }
    sb.setLength(0);
    for (Object p : parts) {
      if (p instanceof String) {
        sb.append((String) p);
      } else {
        int g = (Integer) p;
        if (g >= 0) {
          int start = m.start(g);
          if (start >= 0) {
            sb.append(m.group(g));
          }
        }
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
