package io.otelcol4j.telemetry;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one logging facade of otelcol4j: structured records (a message plus key/value fields) with
 * a level, written to a {@link Sink}.
 *
 * <p>Why our own facade rather than SLF4J or JUL: log records must carry the component's kind and
 * id as fields and honour {@code service.telemetry.logs.level} per collector, and an embedded
 * collector must not fight its host over a logging binding. Embedders bridge to their logging by
 * passing a {@link Sink}.
 *
 * <p>Log per batch or per event, never per item: the hot path only checks {@link #isEnabled}.
 */
public final class Logger {
  /** Severity, as the collector's {@code logs.level} names it. */
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR;

    /** Parses {@code debug|info|warn|error}, any case; null when it is none of them. */
    public static @Nullable Level parse(String text) {
      for (Level l : values()) {
        if (l.name().equalsIgnoreCase(text)) {
          return l;
        }
      }
      return null;
    }
  }

  /** Where records go. Must be thread-safe. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Writes one record.
     *
     * @param fields alternating keys and values, already rendered as text
     */
    void write(Instant time, Level level, String message, String[] fields, @Nullable Throwable error);
  }

  private final Sink sink;
  private final Level minLevel;
  private final Clock clock;
  private final String[] fields;

  private Logger(Sink sink, Level minLevel, Clock clock, String[] fields) {
    this.sink = sink;
    this.minLevel = minLevel;
    this.clock = clock;
    this.fields = fields;
  }

  /** A logger writing to {@code sink} records at {@code minLevel} and above. */
  public static Logger of(Sink sink, Level minLevel) {
    return new Logger(requireNonNull(sink, "sink"), requireNonNull(minLevel, "minLevel"), Clock.systemUTC(), new String[0]);
  }

  /** A logger writing info and above to standard error in the console format. */
  public static Logger stderr() {
    return of(consoleSink(System.err), Level.INFO);
  }

  /** A logger that writes nothing. */
  public static Logger noop() {
    return of((t, l, m, f, e) -> {}, Level.ERROR);
  }

  /**
   * The console format: {@code 2026-11-22T03:10:00.123Z	info	message	{"kind": "exporter", ...}}, one
   * line per record, then the stack trace when there is an error. Like the collector's console
   * encoding, so people grepping logs find what they expect.
   */
  public static Sink consoleSink(PrintStream out) {
    return (time, level, message, fields, error) -> {
      StringBuilder sb = new StringBuilder(128);
      sb.append(time).append('\t').append(level.name().toLowerCase(Locale.ROOT)).append('\t').append(message);
      if (fields.length > 0) {
        sb.append('\t').append('{');
        for (int i = 0; i + 1 < fields.length; i += 2) {
          if (i > 0) {
            sb.append(", ");
          }
          appendJsonString(sb, fields[i]);
          sb.append(": ");
          appendJsonString(sb, fields[i + 1]);
        }
        sb.append('}');
      }
      if (error != null) {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        sb.append('\n').append(w.toString().stripTrailing());
      }
      synchronized (out) {
        out.println(sb);
      }
    };
  }

  /**
   * The JSON encoding ({@code service.telemetry.logs.encoding: json}): one object per line with
   * {@code ts}, {@code level}, {@code msg}, the fields, and {@code error} when there is one, for log
   * pipelines that parse structured logs.
   */
  public static Sink jsonSink(PrintStream out) {
    return (time, level, message, fields, error) -> {
      StringBuilder sb = new StringBuilder(160).append("{\"ts\": ");
      appendJsonString(sb, time.toString());
      sb.append(", \"level\": ");
      appendJsonString(sb, level.name().toLowerCase(Locale.ROOT));
      sb.append(", \"msg\": ");
      appendJsonString(sb, message);
      for (int i = 0; i + 1 < fields.length; i += 2) {
        sb.append(", ");
        appendJsonString(sb, fields[i]);
        sb.append(": ");
        appendJsonString(sb, fields[i + 1]);
      }
      if (error != null) {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        sb.append(", \"error\": ");
        appendJsonString(sb, String.valueOf(error.getMessage()));
        sb.append(", \"stacktrace\": ");
        appendJsonString(sb, w.toString().stripTrailing());
      }
      sb.append('}');
      synchronized (out) {
        out.println(sb);
      }
    };
  }

  static void appendJsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\r':
          sb.append("\\r");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  /** A logger whose records also carry {@code key=value}. */
  public Logger with(String key, String value) {
    String[] f = java.util.Arrays.copyOf(fields, fields.length + 2);
    f[fields.length] = key;
    f[fields.length + 1] = value;
    return new Logger(sink, minLevel, clock, f);
  }

  /** The same sink at another minimum level. */
  public Logger withLevel(Level level) {
    return new Logger(sink, level, clock, fields);
  }

  public Level level() {
    return minLevel;
  }

  public boolean isEnabled(Level level) {
    return level.compareTo(minLevel) >= 0;
  }

  /** Logs at debug; {@code keyValues} alternate keys and values. */
  public void debug(String message, Object... keyValues) {
    log(Level.DEBUG, message, null, keyValues);
  }

  public void info(String message, Object... keyValues) {
    log(Level.INFO, message, null, keyValues);
  }

  public void warn(String message, Object... keyValues) {
    log(Level.WARN, message, null, keyValues);
  }

  public void warn(String message, Throwable error, Object... keyValues) {
    log(Level.WARN, message, error, keyValues);
  }

  public void error(String message, Object... keyValues) {
    log(Level.ERROR, message, null, keyValues);
  }

  public void error(String message, Throwable error, Object... keyValues) {
    log(Level.ERROR, message, error, keyValues);
  }

  /** Logs one record when {@code level} is enabled. */
  public void log(Level level, String message, @Nullable Throwable error, Object... keyValues) {
    if (!isEnabled(level)) {
      return;
    }
    String[] all = new String[fields.length + (keyValues.length & ~1)];
    System.arraycopy(fields, 0, all, 0, fields.length);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      all[fields.length + i] = String.valueOf(keyValues[i]);
      all[fields.length + i + 1] = String.valueOf(keyValues[i + 1]);
    }
    try {
      sink.write(clock.instant(), level, message, all, error);
    } catch (RuntimeException e) {
      // Logging must never take a component down.
    }
  }
}
