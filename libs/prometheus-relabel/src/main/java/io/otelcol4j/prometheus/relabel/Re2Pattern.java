package io.otelcol4j.prometheus.relabel;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regex written in Go's RE2 syntax, anchored as Prometheus anchors relabel regexes
 * ({@code ^(?s:…)$}), compiled to a {@link java.util.regex.Pattern} that matches the same strings
 * with the same submatches.
 *
 * <p>The pattern is translated construct by construct: what RE2 rejects is rejected here too, with
 * Go's wording, so a config behaves here as it does in Prometheus; what both accept but spell or
 * interpret differently is rewritten. See the README for the full table. In short:
 *
 * <ul>
 *   <li>rejected: backreferences ({@code \1}, {@code (?P=name)}), lookaround ({@code (?=},
 *       {@code (?!}, {@code (?<=}, {@code (?<!}), atomic groups ({@code (?>}), possessive and
 *       nested quantifiers ({@code a*+}, {@code a**}), repeat counts over 1000, {@code \C},
 *       {@code \Z}, Java-only escapes ({@code \h}, {@code \R}, {@code \k<…>}, …) and flags other
 *       than {@code imsU};
 *   <li>rewritten: named groups {@code (?P<n>…)}/{@code (?<n>…)} become plain groups (names are
 *       resolved by us, so Go names such as {@code 1x} or {@code a_b} work), {@code (?U)} swaps
 *       greediness, {@code (?i)} folds Unicode case, {@code $} without {@code m} is {@code \z},
 *       {@code \s}, {@code \v}, {@code \b}, {@code \B} get RE2's ASCII meaning, octal escapes
 *       ({@code \12}) become {@code \x{…}}, POSIX classes {@code [[:alpha:]]} become
 *       {@code \p{Alpha}}, {@code \pGreek}/{@code \p{Greek}} become script properties, and
 *       characters Java treats specially inside classes ({@code [}, {@code &&}) or as repetition
 *       ({@code {} not starting a repeat) are escaped.
 * </ul>
 *
 * <p>Immutable and thread-safe; {@link Matcher}s are not, so callers keep one per thread.
 */
final class Re2Pattern {
  private static final int MAX_REPEAT = 1000;
  private static final int FLAG_I = 1;
  private static final int FLAG_M = 2;
  private static final int FLAG_S = 4;
  private static final int FLAG_U = 8;
  private static final String ASCII_WORD = "[0-9A-Za-z_]";
  private static final String WORD_BOUNDARY =
      "(?:(?<=" + ASCII_WORD + ")(?!" + ASCII_WORD + ")|(?<!" + ASCII_WORD + ")(?=" + ASCII_WORD + "))";
  private static final String NOT_WORD_BOUNDARY =
      "(?:(?<=" + ASCII_WORD + ")(?=" + ASCII_WORD + ")|(?<!" + ASCII_WORD + ")(?!" + ASCII_WORD + "))";
  private static final String SPACE_CHARS = "\\t\\n\\f\\r ";
  private static final Set<String> POSIX_CLASSES = Set.of("alnum", "alpha", "ascii", "blank", "cntrl", "digit",
      "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit");

  private final String source;
  private final Pattern pattern;
  private final int groupCount;
  private final Map<String, Integer> groupNames;

  private Re2Pattern(String source, Pattern pattern, int groupCount, Map<String, Integer> groupNames) {
    this.source = source;
    this.pattern = pattern;
    this.groupCount = groupCount;
    this.groupNames = groupNames;
  }

  /**
   * Compiles {@code regex} as Prometheus compiles a relabel regex: RE2 syntax, anchored at both
   * ends, {@code .} matching newlines unless {@code (?-s)}.
   *
   * @throws IllegalArgumentException with Go's message ({@code error parsing regexp: …}) when RE2
   *     would not accept the pattern
   */
  static Re2Pattern compile(String regex) {
    Translator t = new Translator(regex);
    String java = t.translate();
    Pattern p;
    try {
      p = Pattern.compile(java, Pattern.UNIX_LINES | Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + regex + "`", e);
    }
    return new Re2Pattern(regex, p, t.groups, Collections.unmodifiableMap(t.names));
  }

  /** The regex as written. */
  String source() {
    return source;
  }

  /** The translated Java pattern; match with {@link Matcher#matches()}, which anchors both ends. */
  Pattern pattern() {
    return pattern;
  }

  /** The number of capturing groups. */
  int groupCount() {
    return groupCount;
  }

  /** Group index of a named group, or -1. */
  int groupIndex(String name) {
    Integer i = groupNames.get(name);
    return i == null ? -1 : i;
  }

  /** True when the whole of {@code s} matches. Allocates a matcher: for tests and cold paths. */
  boolean matches(String s) {
    return pattern.matcher(s).matches();
  }

  @Override
  public String toString() {
    return source;
  }

  private static final class Translator {
    private final String src;
    private final StringBuilder out = new StringBuilder();
    private final Deque<Integer> savedFlags = new ArrayDeque<>();
    final Map<String, Integer> names = new LinkedHashMap<>();
    int groups;
    private int pos;
    private int flags = FLAG_S; // Prometheus wraps the regex in (?s:…)
    // What precedes the current position, for RE2's repetition rules.
    private boolean atomBefore;
    private boolean repeatBefore;
    private int lastRepeatStart;

    Translator(String src) {
      this.src = src;
    }

    private IllegalArgumentException error(String what, String fragment) {
      return new IllegalArgumentException("error parsing regexp: " + what + ": `" + fragment + "`");
    }

    private IllegalArgumentException unsupported(String what, String fragment, String why) {
      return new IllegalArgumentException(
          "error parsing regexp: " + what + ": `" + fragment + "` (" + why + "; Prometheus uses Go's RE2 syntax)");
    }

    String translate() {
      while (pos < src.length()) {
        char c = src.charAt(pos);
        switch (c) {
          case '(':
            openGroup();
            break;
          case ')':
            if (savedFlags.isEmpty()) {
              throw error("unexpected )", src);
            }
            flags = savedFlags.pop();
            out.append(')');
            pos++;
            atom();
            break;
          case '|':
            out.append('|');
            pos++;
            atomBefore = false;
            repeatBefore = false;
            break;
          case '*':
          case '+':
          case '?':
            repeat(pos + 1);
            break;
          case '{': {
            int end = repeatEnd(pos);
            if (end < 0) {
              out.append("\\{");
              pos++;
              atom();
            } else {
              repeat(end);
            }
            break;
          }
          case '}':
            out.append("\\}");
            pos++;
            atom();
            break;
          case '[':
            charClass();
            atom();
            break;
          case '\\':
            escape();
            break;
          case '^':
            // Java's multi-line ^ does not match after a final \n; RE2's does.
            out.append((flags & FLAG_M) != 0 ? "(?:^|(?<=\\n))" : "^");
            pos++;
            atom();
            break;
          case '$':
            // Without m, RE2's $ is the end of text only; Java's also matches before a final \n.
            out.append((flags & FLAG_M) != 0 ? "$" : "\\z");
            pos++;
            atom();
            break;
          default:
            int cp = src.codePointAt(pos);
            out.appendCodePoint(cp);
            pos += Character.charCount(cp);
            atom();
        }
      }
      if (!savedFlags.isEmpty()) {
        throw error("missing closing )", src);
      }
      return out.toString();
    }

    private void atom() {
      atomBefore = true;
      repeatBefore = false;
    }

    /** Emits the repetition operator src[pos, end), with its optional lazy {@code ?}. */
    private void repeat(int end) {
      int lazyEnd = end < src.length() && src.charAt(end) == '?' ? end + 1 : end;
      String op = src.substring(pos, lazyEnd);
      if (repeatBefore) {
        String nested = src.substring(lastRepeatStart, lazyEnd);
        if (op.startsWith("+")) {
          throw unsupported("invalid nested repetition operator", nested, "possessive quantifiers are not supported");
        }
        throw error("invalid nested repetition operator", nested);
      }
      if (!atomBefore) {
        throw error("missing argument to repetition operator", op);
      }
      if (src.charAt(pos) == '{') {
        checkRepeatCounts(src.substring(pos, end));
      }
      boolean lazy = lazyEnd > end;
      out.append(src, pos, end);
      if (lazy != ((flags & FLAG_U) != 0)) {
        out.append('?');
      }
      lastRepeatStart = pos;
      pos = lazyEnd;
      atomBefore = false;
      repeatBefore = true;
    }

    /** End (exclusive) of a {@code {n}}, {@code {n,}} or {@code {n,m}} starting at i, or -1. */
    private int repeatEnd(int i) {
      int j = i + 1;
      int digits = 0;
      while (j < src.length() && Character.isDigit(src.charAt(j)) && src.charAt(j) < 128) {
        j++;
        digits++;
      }
      if (digits == 0 || j >= src.length()) {
        return -1;
      }
      if (src.charAt(j) == ',') {
        j++;
        while (j < src.length() && src.charAt(j) >= '0' && src.charAt(j) <= '9') {
          j++;
        }
      }
      return j < src.length() && src.charAt(j) == '}' ? j + 1 : -1;
    }

    private void checkRepeatCounts(String op) {
      String body = op.substring(1, op.length() - 1);
      int comma = body.indexOf(',');
      long min = parseCount(comma < 0 ? body : body.substring(0, comma));
      long max = comma < 0 ? min : comma == body.length() - 1 ? -1 : parseCount(body.substring(comma + 1));
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
        throw error("invalid repeat count", op);
      }
    }

    private static long parseCount(String digits) {
      return digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private void openGroup() {
      int start = pos;
      if (!src.startsWith("(?", pos)) {
        groups++;
        out.append('(');
        pos++;
        enterGroup(flags);
        return;
      }
      if (src.startsWith("(?P<", pos) || (src.startsWith("(?<", pos) && !src.startsWith("(?<=", pos)
          && !src.startsWith("(?<!", pos))) {
        int nameStart = src.indexOf('<', pos) + 1;
        int close = src.indexOf('>', nameStart);
        if (close < 0) {
          throw error("invalid named capture", src.substring(start));
        }
        String name = src.substring(nameStart, close);
        if (!isValidCaptureName(name)) {
          throw error("invalid named capture", src.substring(start, close + 1));
        }
        groups++;
        if (names.putIfAbsent(name, groups) != null) {
          throw error("duplicate capture group name", name);
        }
        out.append('(');
        pos = close + 1;
        enterGroup(flags);
        return;
      }
      if (src.startsWith("(?=", pos) || src.startsWith("(?!", pos)) {
        throw unsupported("invalid or unsupported Perl syntax", src.substring(pos, pos + 3),
            "lookahead is not supported");
      }
      if (src.startsWith("(?<=", pos) || src.startsWith("(?<!", pos)) {
        throw unsupported("invalid or unsupported Perl syntax", src.substring(pos, pos + 4),
            "lookbehind is not supported");
      }
      if (src.startsWith("(?>", pos)) {
        throw unsupported("invalid or unsupported Perl syntax", "(?>", "atomic groups are not supported");
      }
      if (src.startsWith("(?P=", pos)) {
        throw unsupported("invalid or unsupported Perl syntax", "(?P=", "backreferences are not supported");
      }
      // Flags: (?flags) or (?flags:re), flags from imsU with at most one '-'.
      int i = pos + 2;
      int newFlags = flags;
      boolean negate = false;
      boolean sawFlag = false;
      StringBuilder on = new StringBuilder();
      StringBuilder off = new StringBuilder();
      while (i < src.length()) {
        char c = src.charAt(i);
        int bit;
        switch (c) {
          case 'i':
            bit = FLAG_I;
            break;
          case 'm':
            bit = FLAG_M;
            break;
          case 's':
            bit = FLAG_S;
            break;
          case 'U':
            bit = FLAG_U;
            break;
          case '-':
            if (negate) {
              throw error("invalid or unsupported Perl syntax", src.substring(start, i + 1));
            }
            negate = true;
            sawFlag = false;
            i++;
            continue;
          case ':':
          case ')':
            if (negate && !sawFlag) {
              throw error("invalid or unsupported Perl syntax", src.substring(start, i + 1));
            }
            String javaFlags = (on.length() > 0 || off.length() > 0)
                ? "(?" + on + (off.length() > 0 ? "-" + off : "") : "(?";
            if (c == ':') {
              out.append(javaFlags).append(':');
              pos = i + 1;
              enterGroup(newFlags);
            } else {
              if (javaFlags.length() > 2) {
                out.append(javaFlags).append(')');
              }
              flags = newFlags;
              pos = i + 1;
              // A flag group is no atom: RE2 rejects (?i)* as a missing argument.
            }
            return;
          default:
            throw unsupported("invalid or unsupported Perl syntax", src.substring(start, i + 1),
                "flag '" + c + "' is not supported, only i, m, s and U");
        }
        sawFlag = true;
        newFlags = negate ? newFlags & ~bit : newFlags | bit;
        String javaFlag = bit == FLAG_I ? "iu" : bit == FLAG_U ? "" : String.valueOf(c);
        (negate ? off : on).append(javaFlag);
        i++;
      }
      throw error("missing closing )", src);
    }

    private void enterGroup(int groupFlags) {
      savedFlags.push(flags);
      flags = groupFlags;
      atomBefore = false;
      repeatBefore = false;
    }

    private static boolean isValidCaptureName(String name) {
      if (name.isEmpty()) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
          return false;
        }
      }
      return true;
    }

    /** An escape outside a character class. */
    private void escape() {
      int start = pos;
      if (pos + 1 >= src.length()) {
        throw error("trailing backslash at end of expression", "");
      }
      char c = src.charAt(pos + 1);
      switch (c) {
        case 'A':
        case 'z':
          out.append('\\').append(c);
          pos += 2;
          atom();
          return;
        case 'b':
          out.append(WORD_BOUNDARY);
          pos += 2;
          atom();
          return;
        case 'B':
          out.append(NOT_WORD_BOUNDARY);
          pos += 2;
          atom();
          return;
        case 's':
          out.append('[').append(SPACE_CHARS).append(']');
          pos += 2;
          atom();
          return;
        case 'S':
          out.append("[^").append(SPACE_CHARS).append(']');
          pos += 2;
          atom();
          return;
        case 'Q': {
          int end = src.indexOf("\\E", pos + 2);
          String literal = src.substring(pos + 2, end < 0 ? src.length() : end);
          pos = end < 0 ? src.length() : end + 2;
          for (int i = 0; i < literal.length(); ) {
            int cp = literal.codePointAt(i);
            appendLiteral(cp);
            i += Character.charCount(cp);
          }
          atomBefore = !literal.isEmpty() || atomBefore;
          repeatBefore = repeatBefore && literal.isEmpty();
          return;
        }
        default:
          classEscape(start, false);
          atom();
      }
    }

    /**
     * An escape that means the same inside and outside a class: a character, a Perl class
     * ({@code \d \w}) or a Unicode class ({@code \pL}). {@code inClass} selects how {@code \s}
     * and {@code \S} are written.
     */
    private void classEscape(int start, boolean inClass) {
      char c = src.charAt(pos + 1);
      switch (c) {
        case 'd':
        case 'D':
        case 'w':
        case 'W':
          out.append('\\').append(c);
          pos += 2;
          return;
        case 's':
          out.append(inClass ? SPACE_CHARS : "[" + SPACE_CHARS + "]");
          pos += 2;
          return;
        case 'S':
          out.append("[^").append(SPACE_CHARS).append(']');
          pos += 2;
          return;
        case 'p':
        case 'P':
          unicodeClass(c == 'P');
          return;
        case 'a':
          out.append("\\x07");
          pos += 2;
          return;
        case 'f':
        case 'n':
        case 'r':
        case 't':
          out.append('\\').append(c);
          pos += 2;
          return;
        case 'v':
          out.append("\\x0B"); // Java's \v is any vertical whitespace; RE2's is VT only
          pos += 2;
          return;
        case 'x':
          hexEscape(start);
          return;
        case 'C':
          throw unsupported("invalid escape sequence", "\\C", "matching a single byte is not supported");
        default:
          break;
      }
      if (c >= '1' && c <= '7' && (pos + 2 >= src.length() || src.charAt(pos + 2) < '0' || src.charAt(pos + 2) > '7')) {
        throw unsupported("invalid escape sequence", "\\" + c, "backreferences are not supported");
      }
      if (c >= '0' && c <= '7') {
        int value = c - '0';
        int i = pos + 2;
        for (int n = 1; n < 3 && i < src.length() && src.charAt(i) >= '0' && src.charAt(i) <= '7'; n++, i++) {
          value = value * 8 + src.charAt(i) - '0';
        }
        out.append("\\x{").append(Integer.toHexString(value)).append('}');
        pos = i;
        return;
      }
      if (c < 128 && !Character.isLetterOrDigit(c)) {
        out.append('\\').append(c); // an escaped punctuation character is that character
        pos += 2;
        return;
      }
      int cp = src.codePointAt(pos + 1);
      throw error("invalid escape sequence", "\\" + new String(Character.toChars(cp)));
    }

    private void hexEscape(int start) {
      int i = pos + 2;
      if (i < src.length() && src.charAt(i) == '{') {
        int close = src.indexOf('}', i);
        String hex = close < 0 ? "" : src.substring(i + 1, close);
        if (close < 0 || hex.isEmpty() || hex.length() > 8 || !isHex(hex) || Long.parseLong(hex, 16) > 0x10FFFF) {
          throw error("invalid escape sequence", src.substring(start, close < 0 ? src.length() : close + 1));
        }
        out.append("\\x{").append(hex).append('}');
        pos = close + 1;
        return;
      }
      if (i + 2 > src.length() || !isHex(src.substring(i, i + 2))) {
        throw error("invalid escape sequence", src.substring(start, Math.min(src.length(), i + 2)));
      }
      out.append("\\x").append(src, i, i + 2);
      pos = i + 2;
    }

    private static boolean isHex(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 127) {
          return false;
        }
      }
      return true;
    }

    /** {@code \pL}, {@code \p{Greek}}, {@code \p{^Greek}}, {@code \PL}. */
    private void unicodeClass(boolean negated) {
      int start = pos;
      int i = pos + 2;
      String name;
      if (i < src.length() && src.charAt(i) == '{') {
        int close = src.indexOf('}', i);
        if (close < 0) {
          throw error("invalid character class range", src.substring(start));
        }
        name = src.substring(i + 1, close);
        pos = close + 1;
      } else if (i < src.length()) {
        int cp = src.codePointAt(i);
        name = new String(Character.toChars(cp));
        pos = i + Character.charCount(cp);
      } else {
        throw error("invalid character class range", src.substring(start));
      }
      if (name.startsWith("^")) {
        negated = !negated;
        name = name.substring(1);
      }
      String property = javaProperty(name);
      if (property == null) {
        throw error("invalid character class range", src.substring(start, pos));
      }
      if ("Any".equals(name)) {
        out.append(negated ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]");
        return;
      }
      out.append(negated ? "\\P{" : "\\p{").append(property).append('}');
    }

    /** The Java property for an RE2 Unicode class name, or null when Java does not know it. */
    private static String javaProperty(String name) {
      if ("Any".equals(name)) {
        return name;
      }
      if (name.isEmpty()) {
        return null;
      }
      // General categories (L, Lu, Nd, …) are spelled the same; anything longer is a script.
      String candidate = name.length() <= 2 ? name : "Is" + name;
      try {
        Pattern.compile("\\p{" + candidate + "}");
        return candidate;
      } catch (PatternSyntaxException e) {
        return null;
      }
    }

    private void charClass() {
      int start = pos;
      out.append('[');
      pos++;
      if (pos < src.length() && src.charAt(pos) == '^') {
        out.append('^');
        pos++;
      }
      boolean first = true;
      while (true) {
        if (pos >= src.length()) {
          throw error("missing closing ]", src.substring(start));
        }
        char c = src.charAt(pos);
        if (c == ']' && !first) {
          out.append(']');
          pos++;
          return;
        }
        first = false;
        if (c == '[' && src.startsWith("[:", pos)) {
          int close = src.indexOf(":]", pos + 2);
          if (close >= 0) {
            String name = src.substring(pos + 2, close);
            boolean negated = name.startsWith("^");
            String bare = negated ? name.substring(1) : name;
            if (!POSIX_CLASSES.contains(bare)) {
              throw error("invalid character class range", src.substring(pos, close + 2));
            }
            out.append(posixClass(bare, negated));
            pos = close + 2;
            continue;
          }
        }
        switch (c) {
          case '\\':
            if (pos + 1 >= src.length()) {
              throw error("trailing backslash at end of expression", "");
            }
            char e = src.charAt(pos + 1);
            if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Q') {
              throw error("invalid escape sequence", "\\" + e);
            }
            classEscape(pos, true);
            break;
          case '[':
          case ']':
          case '&':
            out.append('\\').append(c); // literal in RE2; union, close or intersection in Java
            pos++;
            break;
          default:
            int cp = src.codePointAt(pos);
            out.appendCodePoint(cp);
            pos += Character.charCount(cp);
        }
      }
    }

    private static String posixClass(String name, boolean negated) {
      if ("word".equals(name)) {
        return negated ? "\\W" : "\\w";
      }
      String javaName = "xdigit".equals(name) ? "XDigit"
          : "ascii".equals(name) ? "ASCII"
          : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
      return (negated ? "\\P{" : "\\p{") + javaName + "}";
    }

    private void appendLiteral(int cp) {
      if (cp < 128 && !Character.isLetterOrDigit(cp) && cp != ' ' && cp != '_') {
        out.append('\\');
      }
      out.appendCodePoint(cp);
    }
  }
}
