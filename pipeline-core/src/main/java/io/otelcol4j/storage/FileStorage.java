package io.otelcol4j.storage;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Durable key-value storage in a directory, one file per value, as the collector's
 * {@code file_storage} extension offers it to the persistent queue and to checkpoints.
 *
 * <p>Layout: each client gets the subdirectory {@code <kind>_<type>_<name>_<client name>} (characters
 * outside {@code [A-Za-z0-9_.-]} replaced by {@code _}); each key is one file whose name is the key
 * percent-encoded (every character outside {@code [A-Za-z0-9_-]}, including {@code .}, becomes
 * {@code %XX} of its UTF-8 bytes), so any key maps to a file name reversibly and no key file
 * starts with a dot.
 *
 * <p>Durability: {@link StorageClient#set} writes a temporary file, forces it to disk (when
 * {@code fsync} is on), renames it atomically over the key's file and forces the directory, so a
 * reader (or the next process after a kill) sees either the old or the new value, never a torn
 * one. Temporary files left by a crash are deleted when the client is opened.
 *
 * <p>Exclusivity: the directory is locked ({@code FileChannel.tryLock} on {@code .lock}) while the
 * storage is open, so two collectors never share one queue. The lock is released by
 * {@link #close()} or by the operating system when the process dies.
 *
 * <p>Thread-safe.
 */
public final class FileStorage implements StorageExtension, Closeable {
  /** The lock file kept open in the storage directory. */
  public static final String LOCK_FILE = ".lock";

  // Temporary files start with a dot, which no encoded key does.
  static final String TEMP_PREFIX = ".tmp-";

  private final Path directory;
  private final boolean fsync;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Set<String> openClients = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private FileStorage(Path directory, boolean fsync, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.fsync = fsync;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating it when needed) and locks a storage directory.
   *
   * @param directory where values are kept
   * @param fsync whether writes are forced to the disk before {@code set} returns; without it a
   *     value survives a process kill but maybe not a power loss
   * @throws IOException when the directory cannot be created, or another collector (in this or
   *     another process) holds its lock
   */
  public static FileStorage open(Path directory, boolean fsync) throws IOException {
    requireNonNull(directory, "directory");
    Path dir = directory.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Path lockFile = dir.resolve(LOCK_FILE);
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("directory " + dir + " is in use by another collector (lock held on " + lockFile + ")");
    }
    return new FileStorage(dir, fsync, channel, lock);
  }

  /** The storage directory (absolute). */
  public Path directory() {
    return directory;
  }

  /** Whether writes are forced to disk. */
  public boolean fsync() {
    return fsync;
  }

  @Override
  public StorageClient client(Kind kind, ComponentId owner, String name) throws IOException {
    requireNonNull(kind, "kind");
    requireNonNull(owner, "owner");
    requireNonNull(name, "name");
    if (closed) {
      throw new IOException("storage " + directory + " is closed");
    }
    String dirName = sanitize(kind.word()) + "_" + sanitize(owner.type()) + "_" + sanitize(owner.name()) + "_" + sanitize(name);
    if (!openClients.add(dirName)) {
      throw new IOException("storage client " + dirName + " in " + directory + " is already open (expected: close it before opening it again)");
    }
    try {
      Path dir = directory.resolve(dirName);
      Files.createDirectories(dir);
      deleteTempFiles(dir);
      return new FileClient(dirName, dir);
    } catch (IOException | RuntimeException e) {
      openClients.remove(dirName);
      throw e;
    }
  }

  /** Releases the directory lock. Clients still open keep working until closed. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }

  /** Replaces characters outside {@code [A-Za-z0-9_.-]} with {@code _}. */
  static String sanitize(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  /** The file name of a key: percent-encoding of every byte outside {@code [A-Za-z0-9_-]}. */
  static String encodeKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key: \"\" (expected: a non-empty string)");
    }
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (ok) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** The key of a file name, or null when the name is not an encoded key (temp or foreign file). */
  static @Nullable String decodeKey(String fileName) {
    if (fileName.isEmpty() || fileName.startsWith(".")) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(fileName.length());
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      if (c == '%') {
        if (i + 2 >= fileName.length()) {
          return null;
        }
        int hi = Character.digit(fileName.charAt(i + 1), 16);
        int lo = Character.digit(fileName.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        return null;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void deleteTempFiles(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
  }

  private void forceDirectory(Path dir) throws IOException {
    if (!fsync) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
      if (!isWindows()) {
        throw e;
      }
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
  }

  private final class FileClient implements StorageClient {
    private final String name;
    private final Path dir;
    private volatile boolean clientClosed;

    FileClient(String name, Path dir) {
      this.name = name;
      this.dir = dir;
    }

    private void checkOpen() throws IOException {
      if (clientClosed) {
        throw new IOException("storage client " + name + " is closed");
      }
    }

    @Override
    public byte @Nullable [] get(String key) throws IOException {
      checkOpen();
      try {
        return Files.readAllBytes(dir.resolve(encodeKey(key)));
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    public void set(String key, byte[] value) throws IOException {
      checkOpen();
      requireNonNull(value, "value");
      Path target = dir.resolve(encodeKey(key));
      Path tmp = dir.resolve(TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer buf = ByteBuffer.wrap(value);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          if (fsync) {
            ch.force(true);
          }
        }
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          throw new IOException("storage directory " + dir + " does not support atomic renames", e);
        }
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      forceDirectory(dir);
    }

    @Override
    public void delete(String key) throws IOException {
      checkOpen();
      if (Files.deleteIfExists(dir.resolve(encodeKey(key)))) {
        forceDirectory(dir);
      }
    }

    @Override
    public List<String> keys() throws IOException {
      checkOpen();
      List<String> keys = new ArrayList<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          String key = decodeKey(f.getFileName().toString());
          if (key != null) {
            keys.add(key);
          }
        }
      }
      return keys;
    }

    @Override
    public void close() {
      if (!clientClosed) {
        clientClosed = true;
        openClients.remove(name);
      }
    }

    @Override
    public String toString() {
      return "FileStorage.Client{" + dir + "}";
    }
  }
}
