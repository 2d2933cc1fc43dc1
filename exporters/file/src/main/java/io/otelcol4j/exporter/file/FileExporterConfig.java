package io.otelcol4j.exporter.file;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code file} exporter, with the keys, defaults and validation messages of the
 * collector's {@code fileexporter}. Not supported: {@code compression} (zstd, no library here),
 * {@code encoding}, {@code group_by}, {@code create_directory} and {@code directory_permissions};
 * writing any of them is an unknown-key error.
 *
 * @param path {@code path}: the file to write; required. Relative paths resolve against the
 *     working directory. An empty path binds (so that the default config is an empty map, as the
 *     conformance kit requires) but the factory refuses to build the exporter with upstream's
 *     message {@value #PATH_REQUIRED}, which the collector reports while building the pipelines.
 * @param format {@code format}: {@code json} (one OTLP/JSON export request per line) or
 *     {@code proto} (each OTLP protobuf export request preceded by its length as a 4-byte
 *     big-endian integer); default {@code json}
 * @param append {@code append}: keep what the file holds and write after it; default
 *     {@value #DEFAULT_APPEND}, which truncates the file at start. Cannot be combined with
 *     {@code rotation}.
 * @param rotation {@code rotation}: size-based rotation; null (no rotation) unless the
 *     {@code rotation} block is written, even empty
 * @param flushInterval {@code flush_interval}: how often buffered data is written to the file;
 *     default 1s (zero also means 1s, as upstream); data is also flushed at shutdown
 */
public record FileExporterConfig(
    String path,
    Format format,
    boolean append,
    @Nullable Rotation rotation,
    Duration flushInterval) implements ComponentConfig {

  /** How requests are written. */
  public enum Format {
    /** One OTLP/JSON export request per line. */
    JSON,
    /** Length-prefixed OTLP protobuf export requests. */
    PROTO;

    /** The name as written in config. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Size-based rotation, as the collector does it with lumberjack: when a write would take the file
   * past {@code max_megabytes}, the file is renamed to {@code <name>-<timestamp>.<ext>} and a new
   * one is started.
   *
   * @param maxMegabytes {@code max_megabytes}: the size in MiB at which the file is rotated;
   *     default {@value #DEFAULT_MAX_MEGABYTES}
   * @param maxDays {@code max_days}: backups older than this many days (by the time in their
   *     name) are deleted; default {@value #DEFAULT_MAX_DAYS}, keep regardless of age
   * @param maxBackups {@code max_backups}: the most backups kept, the oldest deleted first; default
   *     {@value #DEFAULT_MAX_BACKUPS}; zero keeps all
   * @param localtime {@code localtime}: name backups by local time rather than UTC; default
   *     {@value #DEFAULT_LOCALTIME}
   */
  public record Rotation(int maxMegabytes, int maxDays, int maxBackups, boolean localtime) {
    /** Default {@code max_megabytes}. */
    public static final int DEFAULT_MAX_MEGABYTES = 100;
    /** Default {@code max_days}: no age limit. */
    public static final int DEFAULT_MAX_DAYS = 0;
    /** Default {@code max_backups}. */
    public static final int DEFAULT_MAX_BACKUPS = 100;
    /** Default {@code localtime}. */
    public static final boolean DEFAULT_LOCALTIME = false;

    public Rotation {
      if (maxMegabytes <= 0 || maxDays < 0 || maxBackups < 0) {
        throw new IllegalArgumentException("rotation: max_megabytes " + maxMegabytes + ", max_days " + maxDays
            + ", max_backups " + maxBackups + " (expected: max_megabytes > 0, the others >= 0)");
      }
    }

    /** The rotation an empty {@code rotation:} block binds to. */
    public static Rotation defaults() {
      return new Rotation(DEFAULT_MAX_MEGABYTES, DEFAULT_MAX_DAYS, DEFAULT_MAX_BACKUPS, DEFAULT_LOCALTIME);
    }

    static Rotation from(ConfigNode node) {
      // Zero megabytes means the default, as lumberjack reads it.
      int maxMegabytes = nonNegative(node, "max_megabytes", DEFAULT_MAX_MEGABYTES);
      int maxDays = nonNegative(node, "max_days", DEFAULT_MAX_DAYS);
      int maxBackups = nonNegative(node, "max_backups", DEFAULT_MAX_BACKUPS);
      boolean localtime = node.bool("localtime", DEFAULT_LOCALTIME);
      return new Rotation(maxMegabytes == 0 ? DEFAULT_MAX_MEGABYTES : maxMegabytes, maxDays, maxBackups, localtime);
    }
  }

  /** Upstream's message for a missing {@code path}. */
  public static final String PATH_REQUIRED = "path must be non-empty";

  /** Default {@code format}. */
  public static final Format DEFAULT_FORMAT = Format.JSON;
  /** Default {@code append}. */
  public static final boolean DEFAULT_APPEND = false;
  /** Default {@code flush_interval}: 1s. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

  public FileExporterConfig {
    requireNonNull(path, "path");
    requireNonNull(format, "format");
    requireNonNull(flushInterval, "flushInterval");
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval: " + flushInterval + " (expected: > 0)");
    }
  }

  /** A config writing JSON to {@code path}, truncating it, without rotation. */
  public static FileExporterConfig of(String path) {
    return new FileExporterConfig(path, DEFAULT_FORMAT, DEFAULT_APPEND, null, DEFAULT_FLUSH_INTERVAL);
  }

  /** Binds and validates; every problem is reported through {@code node}. */
  public static FileExporterConfig from(ConfigNode node) {
    String path = node.string("path", "");
    if (path.isEmpty()) {
      // Caught at load (and by `validate`), not first at build: the default config binds with
      // this one problem, like upstream's createDefaultConfig + Validate.
      node.problem("path", PATH_REQUIRED);
    }
    Format format = DEFAULT_FORMAT;
    String formatText = node.stringOrNull("format");
    if (formatText != null) {
      if (formatText.equals("json") || formatText.equals("proto")) {
        format = Format.valueOf(formatText.toUpperCase(Locale.ROOT));
      } else {
        node.problem("format", "format type \"" + formatText + "\" is not supported (expected: one of json, proto)");
      }
    }
    boolean append = node.bool("append", DEFAULT_APPEND);
    Rotation rotation = null;
    boolean rotationWritten = node.keys().contains("rotation");
    ConfigNode rotationNode = node.child("rotation");
    if (rotationWritten) {
      rotation = Rotation.from(rotationNode);
    }
    Duration flushInterval = node.duration("flush_interval", DEFAULT_FLUSH_INTERVAL);
    if (flushInterval.isZero()) {
      flushInterval = DEFAULT_FLUSH_INTERVAL;
    }

    if (append && rotation != null) {
      node.problem(null, "append and rotation enabled at the same time is not supported");
    }
    return new FileExporterConfig(path, format, append, rotation, flushInterval);
  }

  private static int nonNegative(ConfigNode node, String key, int defaultValue) {
    int v = node.intValue(key, defaultValue);
    if (v < 0) {
      node.problem(key, v + " (expected: a non-negative integer)");
      return defaultValue;
    }
    return v;
  }
}
