package io.otelcol4j.exporter.file;

import io.otelcol4j.consumer.Failures;
import io.otelcol4j.exporter.file.FileExporterConfig.Rotation;
import io.otelcol4j.telemetry.Logger;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The one file of a {@code file} exporter id, shared by its traces, metrics and logs instances:
 * records are appended to a buffer under one lock, the buffer is flushed every
 * {@code flush_interval} by a daemon thread and at close, and with rotation the file is renamed
 * lumberjack-style ({@code name-2006-01-02T15-04-05.000.ext}) before a record would take it past
 * the size limit. A record is never split across files; a record larger than the limit gets a file
 * of its own.
 *
 * <p>Reference counted: each signal instance {@link #acquire()}s it and {@link #release()}s it at
 * shutdown; the last release flushes and closes the file.
 */
final class FileWriter {
  private static final int BUFFER_BYTES = 256 * 1024;
  private static final String BACKUP_TIME_PATTERN = "uuuu-MM-dd'T'HH-mm-ss.SSS";

  private final FileExporterConfig config;
  private final Path path;
  private final long maxBytes;
  private final Clock clock;
  private final Logger logger;
  private final Runnable onClose;
  private final DateTimeFormatter backupTime;
  private final String backupPrefix;
  private final String backupExt;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private @Nullable OutputStream out;
  private long size;
  private int refs;
  private boolean opened;
  private boolean closed;
  private boolean failing;
  private @Nullable ScheduledExecutorService flusher;

  /**
   * @param maxBytes the size at which the file rotates (from {@code rotation.max_megabytes};
   *     tests pass small limits); ignored without rotation
   * @param onClose called once the file is closed, to forget the shared instance
   */
  FileWriter(FileExporterConfig config, long maxBytes, Clock clock, Logger logger, Runnable onClose) {
    this.config = config;
    this.path = Path.of(config.path()).toAbsolutePath();
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.logger = logger;
    this.onClose = onClose;
    Rotation rotation = config.rotation();
    ZoneId zone = rotation != null && rotation.localtime() ? ZoneId.systemDefault() : ZoneOffset.UTC;
    this.backupTime = DateTimeFormatter.ofPattern(BACKUP_TIME_PATTERN, Locale.ROOT).withZone(zone);
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    this.backupPrefix = (dot >= 0 ? name.substring(0, dot) : name) + "-";
    this.backupExt = dot >= 0 ? name.substring(dot) : "";
  }

  /** The rotation size for a config: {@code max_megabytes} MiB. */
  static long maxBytes(FileExporterConfig config) {
    Rotation r = config.rotation();
    return r == null ? Long.MAX_VALUE : r.maxMegabytes() * 1024L * 1024L;
  }

  FileExporterConfig config() {
    return config;
  }

  Path path() {
    return path;
  }

  /** Takes a reference; false when the writer is already closed (a stale shared instance). */
  boolean acquire() {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      refs++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens the file (truncating it unless {@code append}; with rotation an existing file is
   * continued, as lumberjack does) and starts the flusher. Idempotent.
   *
   * @throws IOException when the file cannot be opened
   */
  void start() throws IOException {
    lock.lock();
    try {
      if (closed || opened) {
        return;
      }
      open();
      ScheduledExecutorService f = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "otelcol4j-file-flush-" + path.getFileName());
        t.setDaemon(true);
        return t;
      });
      long every = Math.max(1, config.flushInterval().toMillis());
      f.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
      flusher = f;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes one record: the payload followed by a newline (JSON) or preceded by its length as a
   * 4-byte big-endian integer (proto).
   *
   * @throws IOException when writing fails; logged once per run of failures
   * @throws IllegalStateException when the writer is closed
   */
  void write(byte[] payload) throws IOException {
    boolean json = config.format() == FileExporterConfig.Format.JSON;
    int length = payload.length + (json ? 1 : 4);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("file " + path + " is closed");
      }
      try {
        if (out == null) {
          open();
        }
        if (config.rotation() != null && size > 0 && size + length > maxBytes) {
          rotate();
        }
        OutputStream o = out;
        if (json) {
          o.write(payload);
          o.write('\n');
        } else {
          int n = payload.length;
          o.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
          o.write(payload);
        }
        size += length;
        if (failing) {
          failing = false;
          logger.info("Writing to the file works again", "path", path);
        }
      } catch (IOException e) {
        if (!failing) {
          failing = true;
          logger.error("Failed to write to the file; data is refused until writing works again", e, "path", path);
        }
        // Start afresh on the next write: the stream may hold a partial record.
        closeStreamQuietly();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Writes buffered data to the file. */
  void flush() throws IOException {
    lock.lock();
    try {
      if (out != null) {
        out.flush();
      }
    } finally {
      lock.unlock();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      logger.warn("Failed to flush the file", t, "path", path);
    }
  }

  /**
   * Drops a reference; the last one stops the flusher, flushes and closes the file.
   *
   * @throws IOException when the final flush or close fails
   */
  void release() throws IOException {
    ScheduledExecutorService f;
    lock.lock();
    try {
      if (closed || --refs > 0) {
        return;
      }
      closed = true;
      f = flusher;
      flusher = null;
    } finally {
      lock.unlock();
    }
    if (f != null) {
      f.shutdownNow();
    }
    try {
      lock.lock();
      try {
        OutputStream o = out;
        out = null;
        if (o != null) {
          o.close();
        }
      } finally {
        lock.unlock();
      }
    } finally {
      onClose.run();
    }
  }

  // ---- file handling, under lock

  private void open() throws IOException {
    if (config.rotation() != null) {
      Path dir = path.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      out = stream(true);
      size = Files.size(path);
    } else if (!opened && !config.append()) {
      out = stream(false);
      size = 0;
    } else {
      // Reopening after a failure, or append: never truncate what was written.
      out = stream(true);
      size = Files.size(path);
    }
    opened = true;
  }

  private OutputStream stream(boolean append) throws IOException {
    OutputStream raw = append
        ? Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
        : Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    return new BufferedOutputStream(raw, BUFFER_BYTES);
  }

  private void rotate() throws IOException {
    OutputStream o = out;
    out = null;
    if (o != null) {
      o.close();
    }
    Instant now = clock.instant();
    // Two rotations within one millisecond must not overwrite a backup: take the next free name.
    for (int i = 0; ; i++) {
      Path backup = path.resolveSibling(backupPrefix + backupTime.format(now.plusMillis(i)) + backupExt);
      try {
        Files.move(path, backup);
        break;
      } catch (FileAlreadyExistsException e) {
        if (i >= 1000) {
          throw e;
        }
      }
    }
    out = stream(false);
    size = 0;
    pruneBackups(now);
  }

  /** Deletes backups beyond {@code max_backups} and older than {@code max_days}, as lumberjack does. */
  private void pruneBackups(Instant now) {
    Rotation rotation = config.rotation();
    if (rotation == null || (rotation.maxBackups() == 0 && rotation.maxDays() == 0)) {
      return;
    }
    record Backup(Path file, Instant time) {}
    List<Backup> backups = new ArrayList<>();
    Path dir = path.getParent();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!Files.isRegularFile(f) || !name.startsWith(backupPrefix) || !name.endsWith(backupExt)
            || name.length() <= backupPrefix.length() + backupExt.length()) {
          continue;
        }
        String stamp = name.substring(backupPrefix.length(), name.length() - backupExt.length());
        try {
          LocalDateTime local = LocalDateTime.parse(stamp, DateTimeFormatter.ofPattern(BACKUP_TIME_PATTERN, Locale.ROOT));
          backups.add(new Backup(f, local.atZone(backupTime.getZone()).toInstant()));
        } catch (DateTimeParseException e) {
          // Not one of ours.
        }
      }
    } catch (IOException e) {
      logger.warn("Failed to list backups for pruning", e, "path", path);
      return;
    }
    backups.sort(Comparator.comparing(Backup::time).reversed());
    Instant cutoff = now.minus(Duration.ofDays(rotation.maxDays()));
    for (int i = 0; i < backups.size(); i++) {
      Backup b = backups.get(i);
      boolean tooMany = rotation.maxBackups() > 0 && i >= rotation.maxBackups();
      boolean tooOld = rotation.maxDays() > 0 && b.time().isBefore(cutoff);
      if (tooMany || tooOld) {
        try {
          Files.deleteIfExists(b.file());
        } catch (IOException e) {
          logger.warn("Failed to delete an old backup", e, "path", b.file());
        }
      }
    }
  }

  private void closeStreamQuietly() {
    OutputStream o = out;
    out = null;
    if (o != null) {
      try {
        o.close();
      } catch (IOException e) {
        // Already failing; the write's exception is the one reported.
      }
    }
  }
}
