package io.otelcol4j.config;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects problems and warnings while a config is bound, so that all are reported at once. */
public final class ConfigProblems {
  private final List<ConfigProblem> errors = new ArrayList<>();
  private final List<ConfigProblem> warnings = new ArrayList<>();

  public void error(String path, String message, @Nullable String location) {
    errors.add(new ConfigProblem(path, message, location));
  }

  public void warn(String path, String message, @Nullable String location) {
    warnings.add(new ConfigProblem(path, message, location));
  }

  public List<ConfigProblem> errors() {
    return List.copyOf(errors);
  }

  public List<ConfigProblem> warnings() {
    return List.copyOf(warnings);
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Throws a {@link ConfigurationException} listing every error, if there is any. */
  public void throwIfErrors() {
    if (!errors.isEmpty()) {
      throw new ConfigurationException(errors);
    }
  }
}
