package io.otelcol4j.component;

import java.util.Set;
import java.util.stream.Collectors;

/** Thrown by a factory's create method for a signal it does not support. */
public final class UnsupportedSignalException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnsupportedSignalException(Kind kind, String type, Signal signal, Set<Signal> supported) {
    super(message(kind, type, signal, supported));
  }

  /**
   * "receiver "filelog" does not support signal traces (supports: logs)". The supported signals are
   * listed by config name in alphabetical order ({@code logs, metrics, traces}), so the message is
   * the same whatever set implementation the factory returns.
   */
  public static String message(Kind kind, String type, Signal signal, Set<Signal> supported) {
    String list = supported.isEmpty()
        ? "none"
        : supported.stream().map(Signal::configName).sorted().collect(Collectors.joining(", "));
    return kind.word() + " \"" + type + "\" does not support signal " + signal.configName() + " (supports: " + list + ")";
  }
}
