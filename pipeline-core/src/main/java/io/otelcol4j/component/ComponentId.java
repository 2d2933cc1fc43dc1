package io.otelcol4j.component;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The id of a configured component: {@code type[/name]}, e.g. {@code otlp} or {@code otlp/backend}.
 *
 * <p>Parsed once with {@link #parse(String)}, which reports the same failures as the OpenTelemetry
 * Collector: an empty type or name, characters outside the allowed set, a name over 1024
 * characters.
 *
 * @param type the component type, lower_snake_case as the factory declares it
 * @param name the instance name after {@code /}, or the empty string when there is none
 */
public record ComponentId(String type, String name) implements Comparable<ComponentId> {
  /** The longest name the collector accepts after {@code /}. */
  public static final int MAX_NAME_LENGTH = 1024;

  /** The type rule every factory type must match. */
  public static final Pattern TYPE_PATTERN = Pattern.compile("^[a-zA-Z][0-9a-zA-Z_]{0,62}$");

  // Upstream allows any unicode letter or digit plus these punctuation characters in names.
  private static final Pattern NAME_PATTERN = Pattern.compile("^[\\p{L}\\p{N}][\\p{L}\\p{N}_.\\-/:]*$");

  public ComponentId {
    requireNonNull(type, "type");
    requireNonNull(name, "name");
  }

  /** An id with no name. */
  public static ComponentId of(String type) {
    return new ComponentId(type, "");
  }

  /** An id with a name; an empty name means none. */
  public static ComponentId of(String type, String name) {
    return new ComponentId(type, name);
  }

  /**
   * Parses {@code type[/name]}.
   *
   * @throws IllegalArgumentException with a message saying what is wrong and what was expected
   */
  public static ComponentId parse(String text) {
    requireNonNull(text, "text");
    String s = text.strip();
    int slash = s.indexOf('/');
    String type = slash < 0 ? s : s.substring(0, slash).strip();
    if (type.isEmpty()) {
      throw new IllegalArgumentException(
          "the part before / should not be empty in id \"" + text + "\" (expected: type[/name])");
    }
    if (!TYPE_PATTERN.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "invalid character(s) in type \"" + type + "\" (expected: a letter followed by letters, digits or _)");
    }
    if (slash < 0) {
      return new ComponentId(type, "");
    }
    String name = s.substring(slash + 1).strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "the part after / should not be empty in id \"" + text + "\" (expected: type/name)");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "name in id \"" + type + "/…\" is " + name.length() + " characters (expected: at most " + MAX_NAME_LENGTH + ")");
    }
    if (!NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid character(s) in name \"" + name + "\" (expected: letters, digits and _ . - / :)");
    }
    return new ComponentId(type, name);
  }

  /** This id with its type replaced, keeping the name (used to map an alias to the canonical type). */
  public ComponentId withType(String newType) {
    return new ComponentId(newType, name);
  }

  @Override
  public String toString() {
    return name.isEmpty() ? type : type + "/" + name;
  }

  @Override
  public int compareTo(ComponentId o) {
    return toString().compareTo(o.toString());
  }
}
