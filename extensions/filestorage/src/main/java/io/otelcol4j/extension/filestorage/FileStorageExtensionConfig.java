package io.otelcol4j.extension.filestorage;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Config of the {@code file_storage} extension, with the keys and defaults of the collector's
 * {@code filestorage} extension. The {@code compaction} block is not supported (see the README).
 *
 * @param directory the base directory; each extension instance keeps its data in a subdirectory
 *     named after its id. Default {@value #DEFAULT_DIRECTORY} ({@code %ProgramData%\Otelcol\FileStorage}
 *     on Windows); relative paths are resolved against the working directory
 * @param timeout how long {@code start} waits for another collector to release the directory's
 *     lock; default {@value #DEFAULT_TIMEOUT_TEXT}
 * @param fsync whether each write is forced to disk before it returns; default {@value #DEFAULT_FSYNC}
 * @param createDirectory whether a missing {@code directory} is created at start (else start fails);
 *     default {@value #DEFAULT_CREATE_DIRECTORY}
 * @param directoryPermissions octal permissions of the directories the extension creates, minus the
 *     process umask (POSIX file systems only); default {@value #DEFAULT_DIRECTORY_PERMISSIONS}
 */
public record FileStorageExtensionConfig(
    Path directory,
    Duration timeout,
    boolean fsync,
    boolean createDirectory,
    String directoryPermissions) implements ComponentConfig {

  /** The collector's default directory outside Windows. */
  public static final String DEFAULT_DIRECTORY = "/var/lib/otelcol/file_storage";

  public static final String DEFAULT_TIMEOUT_TEXT = "1s";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /** As upstream: no fsync, so a value survives a process kill but maybe not a power loss. */
  public static final boolean DEFAULT_FSYNC = false;

  public static final boolean DEFAULT_CREATE_DIRECTORY = false;

  public static final String DEFAULT_DIRECTORY_PERMISSIONS = "0750";

  private static final Pattern OCTAL_PERMISSIONS = Pattern.compile("^0?[0-7]{3}$");

  public FileStorageExtensionConfig {
    requireNonNull(directory, "directory");
    requireNonNull(timeout, "timeout");
    requireNonNull(directoryPermissions, "directoryPermissions");
  }

  /** The default config. */
  public static FileStorageExtensionConfig defaults() {
    return new FileStorageExtensionConfig(defaultDirectory(), DEFAULT_TIMEOUT, DEFAULT_FSYNC, DEFAULT_CREATE_DIRECTORY,
        DEFAULT_DIRECTORY_PERMISSIONS);
  }

  /** A config for {@code directory} with every other key at its default. */
  public static FileStorageExtensionConfig of(Path directory) {
    return new FileStorageExtensionConfig(directory, DEFAULT_TIMEOUT, DEFAULT_FSYNC, DEFAULT_CREATE_DIRECTORY,
        DEFAULT_DIRECTORY_PERMISSIONS);
  }

  /** {@value #DEFAULT_DIRECTORY}, or {@code %ProgramData%\Otelcol\FileStorage} on Windows, as upstream. */
  public static Path defaultDirectory() {
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      String programData = System.getenv("ProgramData");
      return Path.of(programData == null || programData.isEmpty() ? "C:\\ProgramData" : programData, "Otelcol", "FileStorage");
    }
    return Path.of(DEFAULT_DIRECTORY);
  }

  /** Binds the config, reporting every problem through {@code node}. */
  public static FileStorageExtensionConfig from(ConfigNode node) {
    Path directory = defaultDirectory();
    String dirText = node.stringOrNull("directory");
    if (dirText != null) {
      Path parsed = null;
      try {
        parsed = dirText.isEmpty() ? null : Path.of(dirText);
      } catch (InvalidPathException e) {
        // reported below
      }
      if (parsed == null) {
        node.problem("directory", "\"" + dirText + "\" (expected: a directory path, e.g. " + DEFAULT_DIRECTORY + ")");
      } else {
        directory = parsed;
      }
    }
    Duration timeout = node.duration("timeout", DEFAULT_TIMEOUT);
    boolean fsync = node.bool("fsync", DEFAULT_FSYNC);
    boolean create = node.bool("create_directory", DEFAULT_CREATE_DIRECTORY);
    String permissions = node.string("directory_permissions", DEFAULT_DIRECTORY_PERMISSIONS);
    if (!OCTAL_PERMISSIONS.matcher(permissions).matches()) {
      node.problem("directory_permissions", "\"" + permissions + "\" (expected: octal permissions, e.g. 0750)");
      permissions = DEFAULT_DIRECTORY_PERMISSIONS;
    }
    return new FileStorageExtensionConfig(directory, timeout, fsync, create, permissions);
  }

  /** {@link #directoryPermissions()} as POSIX permissions. */
  Set<PosixFilePermission> posixPermissions() {
    int mode = Integer.parseInt(directoryPermissions, 8);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(bits[i]);
      }
    }
    return out;
  }
}
