package io.otelcol4j.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Expands references in scalar values, as the collector's confmap resolver does:
 *
 * <ul>
 *   <li>{@code ${env:VAR}}, {@code ${VAR}} and {@code ${env:VAR:-default}}: an environment variable
 *       (an unset one expands to the default, or to the empty string with a warning);
 *   <li>{@code ${file:path}}: a file's content (one trailing newline removed), for secrets from
 *       mounted files;
 *   <li>{@code $$}: a literal {@code $}.
 * </ul>
 *
 * A whole unquoted value that expands to nothing ({@code port: ${env:UNSET}}) is null, so the key
 * takes its default. A {@code $} followed by anything else stays as written, so Prometheus relabel
 * replacements such as {@code $1} and {@code ${1}} pass through untouched. Expansion is not recursive: a value that
 * expands to text containing {@code ${…}} keeps it as written.
 */
final class Expander {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, @Nullable String> env;
  private final ConfigProblems problems;

  Expander(Function<String, @Nullable String> env, ConfigProblems problems) {
    this.env = env;
    this.problems = problems;
  }

  static Expander ofEnvironment(Map<String, String> env, ConfigProblems problems) {
    return new Expander(env::get, problems);
  }

  /** Expands every scalar of the tree, returning a new tree. */
  RawNode expandTree(RawNode node, String path) {
    switch (node.type) {
      case MAP: {
        RawNode out = RawNode.map(node.source, node.line);
        node.map.forEach((k, v) -> out.map.put(k, expandTree(v, path.isEmpty() ? k : path + "." + k)));
        return out;
      }
      case LIST: {
        RawNode out = RawNode.list(node.source, node.line);
        for (int i = 0; i < node.list.size(); i++) {
          out.list.add(expandTree(node.list.get(i), path + "[" + i + "]"));
        }
        return out;
      }
      case SCALAR: {
        String text = node.text;
        if (text == null || text.indexOf('$') < 0) {
          return node;
        }
        String expanded = expand(text, path, node.location());
        if (expanded.equals(text)) {
          return node;
        }
        // A scalar that was exactly one reference takes the type of what it expands to (an
        // integer port stays an integer); anything else is a string.
        boolean whole = text.startsWith("${") && text.indexOf('}') == text.length() - 1;
        if (whole && !node.quoted && expanded.isEmpty()) {
          // Nothing, as the collector's env provider yields nil for it: the key takes its default.
          return RawNode.nullNode(node.source, node.line);
        }
        return node.withText(expanded, node.quoted || !whole);
      }
      default:
        return node;
    }
  }

  /** Expands one string. */
  String expand(String text, String path, @Nullable String location) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      if (next != '{') {
        out.append(c);
        i++;
        continue;
      }
      int end = text.indexOf('}', i + 2);
      if (end < 0) {
        out.append(c);
        i++;
        continue;
      }
      String ref = text.substring(i + 2, end);
      String value = resolve(ref, path, location);
      if (value == null) {
        out.append(text, i, end + 1); // not a reference we expand, e.g. ${1}: keep as written
      } else {
        out.append(value);
      }
      i = end + 1;
    }
    return out.toString();
  }

  private @Nullable String resolve(String ref, String path, @Nullable String location) {
    int colon = ref.indexOf(':');
    if (colon < 0) {
      return ENV_NAME.matcher(ref).matches() ? env(ref, null, path, location) : null;
    }
    String scheme = ref.substring(0, colon);
    String rest = ref.substring(colon + 1);
    switch (scheme) {
      case "env": {
        String name = rest;
        String def = null;
        int dash = rest.indexOf(":-");
        if (dash >= 0) {
          name = rest.substring(0, dash);
          def = rest.substring(dash + 2);
        }
        if (!ENV_NAME.matcher(name).matches()) {
          problems.error(path, "\"${" + ref + "}\": invalid environment variable name \"" + name
              + "\" (expected: letters, digits and _, not starting with a digit)", location);
          return "";
        }
        return env(name, def, path, location);
      }
      case "file": {
        try {
          String s = Files.readString(Path.of(rest), StandardCharsets.UTF_8);
          return s.endsWith("\n") ? s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1)) : s;
        } catch (IOException | RuntimeException e) {
          problems.error(path, "\"${" + ref + "}\": cannot read file: " + e, location);
          return "";
        }
      }
      default:
        if (!scheme.isEmpty() && ENV_NAME.matcher(scheme).matches() && Character.isLowerCase(scheme.charAt(0))) {
          problems.error(path, "\"${" + ref + "}\": unsupported scheme \"" + scheme + "\" (expected: env or file)", location);
          return "";
        }
        return null;
    }
  }

  private String env(String name, @Nullable String def, String path, @Nullable String location) {
    String v = env.apply(name);
    if (v != null && !(v.isEmpty() && def != null)) {
      return v;
    }
    if (def != null) {
      return def;
    }
    problems.warn(path, "environment variable \"" + name + "\" is not set; using an empty value", location);
    return "";
  }
}
