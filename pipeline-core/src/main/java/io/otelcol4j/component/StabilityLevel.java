package io.otelcol4j.component;

import java.util.Locale;

/** How settled a component's behaviour and config are, per signal, with the collector's levels. */
public enum StabilityLevel {
  UNDEVELOPED,
  DEVELOPMENT,
  ALPHA,
  BETA,
  STABLE,
  DEPRECATED,
  UNMAINTAINED;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
