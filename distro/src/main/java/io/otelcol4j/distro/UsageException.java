package io.otelcol4j.distro;

/** The command line cannot be understood; the CLI prints the message and the usage, and exits 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
