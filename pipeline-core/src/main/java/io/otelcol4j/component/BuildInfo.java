package io.otelcol4j.component;

/**
 * What the running collector is.
 *
 * @param command the command name, e.g. {@code otelcol4j}
 * @param description a one-line description
 * @param version the release version
 */
public record BuildInfo(String command, String description, String version) {
  /** The build info of this library, read from the jar manifest when present. */
  public static BuildInfo current() {
    String v = BuildInfo.class.getPackage().getImplementationVersion();
    return new BuildInfo("otelcol4j", "otelcol4j OpenTelemetry collector distribution", v == null ? "0.1.0-SNAPSHOT" : v);
  }
}
