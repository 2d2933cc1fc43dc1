package io.otelcol4j.config;

import org.jspecify.annotations.Nullable;

/**
 * One problem found in a config: where (the YAML path, and the file and line when known) and what.
 * Renders as {@code exporters.otlp/backend.timeout: -5s (expected: a non-negative duration, e.g. 5s) [config.yaml:14]}.
 *
 * @param path the YAML path, dot-separated, list indices in brackets
 * @param message what is wrong and what was expected
 * @param location {@code file:line}, or null when unknown
 */
public record ConfigProblem(String path, String message, @Nullable String location) {
  @Override
  public String toString() {
    String s = path.isEmpty() ? message : path + ": " + message;
    return location == null ? s : s + " [" + location + "]";
  }
}
