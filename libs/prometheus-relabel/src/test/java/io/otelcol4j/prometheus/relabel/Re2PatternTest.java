package io.otelcol4j.prometheus.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RE2 syntax on java.util.regex: what RE2 means, and what RE2 refuses. */
class Re2PatternTest {
  /** regex, input, whether RE2 (anchored as Prometheus anchors) matches. */
  static Stream<Arguments> matching() {
    return Stream.of(
        Arguments.argumentSet("anchored at both ends", "fo", "foo", false),
        Arguments.argumentSet("alternation is inside the anchors", "f|foo", "foo", true),
        Arguments.argumentSet("dot matches newline by default", "a.b", "a\nb", true),
        Arguments.argumentSet("(?-s) dot stops at newline", "(?-s)a.b", "a\nb", false),
        Arguments.argumentSet("$ is end of text, not before a final newline", "(?:foo$)\n?", "foo\n", false),
        Arguments.argumentSet("(?m)$ matches before a newline", "(?m)foo$\n", "foo\n", true),
        Arguments.argumentSet("(?m)^ matches after a final newline", "(?m)a\n^", "a\n", true),
        Arguments.argumentSet("\\s has no vertical tab", "\\s", "\u000B", false),
        Arguments.argumentSet("\\s is space", "\\s+", " \t\r\n\f", true),
        Arguments.argumentSet("[\\s] has no vertical tab", "[\\sx]", "\u000B", false),
        Arguments.argumentSet("[^\\S] is whitespace", "[^\\S]", " ", true),
        Arguments.argumentSet("\\v is the vertical tab only", "\\v", "\n", false),
        Arguments.argumentSet("\\v matches VT", "\\v", "\u000B", true),
        Arguments.argumentSet("\\b is an ASCII word boundary (é is no word char)", "\\bé", "é", false),
        Arguments.argumentSet("\\B between word chars", "a\\Bb", "ab", true),
        Arguments.argumentSet("octal escape", "\\141\\0", "a\0", true),
        Arguments.argumentSet("hex escapes", "\\x61\\x{62}", "ab", true),
        Arguments.argumentSet("\\a bell", "\\a", "\u0007", true),
        Arguments.argumentSet("escaped punctuation", "\\.\\*\\$", ".*$", true),
        Arguments.argumentSet("\\Q..\\E literal", "\\Qa.b*\\E", "a.b*", true),
        Arguments.argumentSet("\\Q..\\E is literal only", "\\Qa.b\\E", "axb", false),
        Arguments.argumentSet("POSIX class", "[[:alpha:]]+[[:digit:]]", "abc1", true),
        Arguments.argumentSet("negated POSIX class", "[[:^digit:]]", "1", false),
        Arguments.argumentSet("[:word:]", "[[:word:]]+", "a_1", true),
        Arguments.argumentSet("[ is literal in a class", "[[a]+", "[a[", true),
        Arguments.argumentSet("&& is literal in a class", "[a&&b]+", "a&b", true),
        Arguments.argumentSet("] first in a class is literal", "[]a]+", "]a", true),
        Arguments.argumentSet("Unicode script", "\\p{Greek}+", "αβ", true),
        Arguments.argumentSet("negated Unicode script", "\\p{^Greek}", "α", false),
        Arguments.argumentSet("Unicode category", "\\pL\\p{Lu}", "aB", true),
        Arguments.argumentSet("\\p{Any}", "\\p{Any}", "\n", true),
        Arguments.argumentSet("(?i) folds Unicode case", "(?i)ÄB", "äb", true),
        Arguments.argumentSet("(?i:…) is scoped", "(?i:a)b", "AB", false),
        Arguments.argumentSet("{ without a repeat is literal", "a{,2}", "a{,2}", true),
        Arguments.argumentSet("lone } is literal", "a}", "a}", true),
        Arguments.argumentSet("repeat", "a{2,3}", "aaa", true),
        Arguments.argumentSet("repeat upper bound", "a{2,3}", "aaaa", false),
        Arguments.argumentSet("open repeat", "a{2,}", "aaaaa", true),
        Arguments.argumentSet("empty regex matches the empty string", "", "", true),
        Arguments.argumentSet("empty regex matches nothing else", "", "a", false),
        Arguments.argumentSet("(?) is an empty flag group", "a(?)b", "ab", true));
  }

  @ParameterizedTest
  @MethodSource("matching")
  void matchesAsRe2(String regex, String input, boolean expected) {
    assertThat(Re2Pattern.compile(regex).matches(input)).isEqualTo(expected);
  }

  @Test
  void namedGroupsInEveryGoSpelling() {
    Re2Pattern p = Re2Pattern.compile("(?P<first_part>a)(b)(?<second>c)(?:d)(?P<1x>e)");
    assertThat(p.groupCount()).isEqualTo(4);
    assertThat(p.groupIndex("first_part")).isEqualTo(1);
    assertThat(p.groupIndex("second")).isEqualTo(3);
    assertThat(p.groupIndex("1x")).isEqualTo(4);
    assertThat(p.groupIndex("missing")).isEqualTo(-1);
    Matcher m = p.pattern().matcher("abcde");
    assertThat(m.matches()).isTrue();
    assertThat(m.group(4)).isEqualTo("e");
  }

  @Test
  void ungreedyFlagSwapsGreediness() {
    Matcher greedy = Re2Pattern.compile("(a+)(a*)").pattern().matcher("aaa");
    Matcher ungreedy = Re2Pattern.compile("(?U)(a+)(a*)").pattern().matcher("aaa");
    Matcher swappedBack = Re2Pattern.compile("(?U)(a+?)(a*)").pattern().matcher("aaa");
    assertThat(greedy.matches() && ungreedy.matches() && swappedBack.matches()).isTrue();
    assertThat(greedy.group(1)).isEqualTo("aaa");
    assertThat(ungreedy.group(1)).isEqualTo("a");
    assertThat(swappedBack.group(1)).isEqualTo("aaa");
  }

  @Test
  void submatchesAreLeftmostFirstAsRe2() {
    Matcher m = Re2Pattern.compile("(a|ab)(c|bcd)?(.*)").pattern().matcher("abcd");
    assertThat(m.matches()).isTrue();
    assertThat(m.group(1)).isEqualTo("a");
    assertThat(m.group(2)).isEqualTo("bcd");
  }

  static Stream<Arguments> rejected() {
    String re2 = "; Prometheus uses Go's RE2 syntax)";
    return Stream.of(
        Arguments.argumentSet("backreference", "(a)\\1",
            "error parsing regexp: invalid escape sequence: `\\1` (backreferences are not supported" + re2),
        Arguments.argumentSet("named backreference", "(?P<a>x)(?P=a)",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?P=` (backreferences are not supported" + re2),
        Arguments.argumentSet("lookahead", "a(?=b)",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=` (lookahead is not supported" + re2),
        Arguments.argumentSet("negative lookahead", "a(?!b)",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?!` (lookahead is not supported" + re2),
        Arguments.argumentSet("lookbehind", "(?<=a)b",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?<=` (lookbehind is not supported" + re2),
        Arguments.argumentSet("negative lookbehind", "(?<!a)b",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?<!` (lookbehind is not supported" + re2),
        Arguments.argumentSet("atomic group", "(?>a)",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?>` (atomic groups are not supported" + re2),
        Arguments.argumentSet("possessive", "a++",
            "error parsing regexp: invalid nested repetition operator: `++` (possessive quantifiers are not supported"
                + re2),
        Arguments.argumentSet("nested repetition", "a**",
            "error parsing regexp: invalid nested repetition operator: `**`"),
        Arguments.argumentSet("missing repetition argument", "*a",
            "error parsing regexp: missing argument to repetition operator: `*`"),
        Arguments.argumentSet("repeat count over 1000", "a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
        Arguments.argumentSet("repeat bounds reversed", "a{3,2}", "error parsing regexp: invalid repeat count: `{3,2}`"),
        Arguments.argumentSet("\\C", "\\C",
            "error parsing regexp: invalid escape sequence: `\\C` (matching a single byte is not supported" + re2),
        Arguments.argumentSet("\\Z", "a\\Z", "error parsing regexp: invalid escape sequence: `\\Z`"),
        Arguments.argumentSet("Java's \\h", "\\h", "error parsing regexp: invalid escape sequence: `\\h`"),
        Arguments.argumentSet("Java's \\R", "\\R", "error parsing regexp: invalid escape sequence: `\\R`"),
        Arguments.argumentSet("Java's \\k<name>", "(?<a>x)\\k<a>", "error parsing regexp: invalid escape sequence: `\\k`"),
        Arguments.argumentSet("\\8", "\\8", "error parsing regexp: invalid escape sequence: `\\8`"),
        Arguments.argumentSet("Java's x flag", "(?x)a",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?x` (flag 'x' is not supported, only i, m, s"
                + " and U" + re2),
        Arguments.argumentSet("flag group ending in -", "(?i-)a",
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`"),
        Arguments.argumentSet("bad group name", "(?P<a-b>x)", "error parsing regexp: invalid named capture: `(?P<a-b>`"),
        Arguments.argumentSet("duplicate group name", "(?P<a>x)(?P<a>y)",
            "error parsing regexp: duplicate capture group name: `a`"),
        Arguments.argumentSet("unknown POSIX class", "[[:foo:]]",
            "error parsing regexp: invalid character class range: `[:foo:]`"),
        Arguments.argumentSet("unknown Unicode class", "\\p{Klingon}",
            "error parsing regexp: invalid character class range: `\\p{Klingon}`"),
        Arguments.argumentSet("missing )", "(a", "error parsing regexp: missing closing ): `(a`"),
        Arguments.argumentSet("unexpected )", "a)", "error parsing regexp: unexpected ): `a)`"),
        Arguments.argumentSet("missing ]", "[a", "error parsing regexp: missing closing ]: `[a`"),
        Arguments.argumentSet("trailing backslash", "a\\",
            "error parsing regexp: trailing backslash at end of expression: ``"));
  }

  @ParameterizedTest
  @MethodSource("rejected")
  void rejectsWhatRe2Rejects(String regex, String message) {
    assertThatThrownBy(() -> Re2Pattern.compile(regex)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void javaErrorsAreReportedWithTheRegex() {
    assertThatThrownBy(() -> Re2Pattern.compile("[z-a]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("error parsing regexp: ").hasMessageEndingWith(": `[z-a]`");
  }
}
