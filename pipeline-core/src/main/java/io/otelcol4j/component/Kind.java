package io.otelcol4j.component;

/** The four kinds of component, in the order the config file lists their sections. */
public enum Kind {
  RECEIVER("receivers"),
  PROCESSOR("processors"),
  EXPORTER("exporters"),
  EXTENSION("extensions");

  private final String section;

  Kind(String section) {
    this.section = section;
  }

  /** The top-level config section holding components of this kind, e.g. {@code receivers}. */
  public String section() {
    return section;
  }

  /** The lower-case singular used in messages, e.g. {@code receiver}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
