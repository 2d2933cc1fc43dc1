package io.otelcol4j.distro;

/** A command cannot go on (unreadable config file, bad plugins folder); the CLI prints it and exits 1. */
final class CliFailure extends Exception {
  private static final long serialVersionUID = 1L;

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }

  CliFailure(String message) {
    super(message);
  }
}
