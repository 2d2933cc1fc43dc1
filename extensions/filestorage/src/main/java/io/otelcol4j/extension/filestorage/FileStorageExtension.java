package io.otelcol4j.extension.filestorage;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.config.Scalars;
import io.otelcol4j.storage.FileStorage;
import io.otelcol4j.storage.StorageClient;
import io.otelcol4j.storage.StorageExtension;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@code file_storage} extension: opens (and locks) a {@link FileStorage} in
 * {@code <directory>/<sanitized extension id>} at start and hands out its clients, so two
 * {@code file_storage} instances never share files and two collectors never share one instance's
 * directory.
 */
final class FileStorageExtension implements Component, StorageExtension {
  // How often start tries the lock again while another collector holds it.
  private static final long LOCK_RETRY_MILLIS = 50;

  private final ComponentId id;
  private final FileStorageExtensionConfig config;
  private final Logger logger;
  private volatile @Nullable FileStorage storage;

  FileStorageExtension(ComponentId id, FileStorageExtensionConfig config, Logger logger) {
    this.id = id;
    this.config = config;
    this.logger = logger;
  }

  /** Where this instance keeps its data: the configured directory plus the sanitized id. */
  Path directory() {
    return config.directory().toAbsolutePath().normalize().resolve(sanitize(id.toString()));
  }

  @Override
  public synchronized void start(Host host) throws IOException {
    if (storage != null) {
      throw new IllegalStateException(id + " already started");
    }
    Path base = config.directory().toAbsolutePath().normalize();
    if (!Files.isDirectory(base)) {
      if (Files.exists(base)) {
        throw new IOException("directory " + base + " is not a directory");
      }
      if (!config.createDirectory()) {
        throw new IOException("directory " + base + " does not exist (expected: an existing directory, or create_directory: true)");
      }
      createDirectories(base);
    }
    Path dir = directory();
    if (!Files.isDirectory(dir)) {
      createDirectories(dir);
    }
    storage = openWithin(dir, config.timeout());
    logger.info("file_storage opened", "directory", dir, "fsync", config.fsync());
  }

  private void createDirectories(Path dir) throws IOException {
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(config.posixPermissions());
        Files.createDirectories(dir, mode);
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new IOException("cannot create directory " + dir + ": " + e, e);
    }
  }

  /** Opens the storage, trying again while another collector holds the lock, up to {@code timeout}. */
  private FileStorage openWithin(Path dir, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return FileStorage.open(dir, config.fsync());
      } catch (IOException e) {
        long leftNanos = deadline - System.nanoTime();
        if (leftNanos <= 0) {
          if (timeout.isZero()) {
            throw e;
          }
          throw new IOException(e.getMessage() + "; gave up after timeout " + Scalars.formatDuration(timeout), e);
        }
        try {
          Thread.sleep(Math.min(LOCK_RETRY_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos))));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          InterruptedIOException iio = new InterruptedIOException("interrupted while waiting for the lock on " + dir);
          iio.addSuppressed(e);
          throw iio;
        }
      }
    }
  }

  /**
   * Opens the storage of one component.
   *
   * @throws IllegalStateException when the extension is not started (or already shut down)
   */
  @Override
  public StorageClient client(Kind kind, ComponentId owner, String name) throws IOException {
    FileStorage s = storage;
    if (s == null) {
      throw new IllegalStateException(id + " is not started");
    }
    return s.client(kind, owner, name);
  }

  /** Releases the directory lock. Clients still open keep working until they are closed. */
  @Override
  public void shutdown(Duration deadline) throws IOException {
    FileStorage s;
    synchronized (this) {
      s = storage;
      storage = null;
    }
    if (s != null) {
      s.close();
    }
  }

  /**
   * Makes a file name from an id as upstream does for its files: every character outside
   * {@code [A-Za-z0-9._-]}, and {@code ~} itself, becomes {@code ~} and its 4-digit hex code point,
   * e.g. {@code file_storage/queue} becomes {@code file_storage~002Fqueue}.
   */
  static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 8);
    name.codePoints().forEach(c -> {
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_';
      if (safe) {
        sb.append((char) c);
      } else {
        sb.append('~').append(String.format("%04X", c));
      }
    });
    return sb.toString();
  }
}
