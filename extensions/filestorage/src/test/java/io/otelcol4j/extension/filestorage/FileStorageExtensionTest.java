package io.otelcol4j.extension.filestorage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import io.otelcol4j.storage.StorageClient;
import io.otelcol4j.telemetry.Logger;
import io.otelcol4j.testing.NopHost;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageExtensionTest {
  private static final ComponentId OWNER = ComponentId.parse("otlp/backend");

  @TempDir Path dir;
  private final List<FileStorageExtension> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws IOException {
    for (FileStorageExtension e : started) {
      e.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void clientsRoundTripThroughTheExtensionAndSurviveARestart() throws Exception {
    FileStorageExtension first = start("file_storage", FileStorageExtensionConfig.of(dir));
    try (StorageClient client = first.client(Kind.EXPORTER, OWNER, "traces")) {
      client.set("0", "a".getBytes(UTF_8));
      client.set("1", "b".getBytes(UTF_8));
      client.set("1", "c".getBytes(UTF_8));
      client.delete("0");
      client.delete("never-set");

      assertThat(client.get("0")).isNull();
      assertThat(client.get("1")).asString(UTF_8).isEqualTo("c");
      assertThat(client.keys()).containsExactly("1");
    }
    first.shutdown(Duration.ofSeconds(1));

    FileStorageExtension second = start("file_storage", FileStorageExtensionConfig.of(dir));
    try (StorageClient client = second.client(Kind.EXPORTER, OWNER, "traces");
        StorageClient logs = second.client(Kind.EXPORTER, OWNER, "logs")) {
      assertThat(client.get("1")).asString(UTF_8).isEqualTo("c");
      assertThat(logs.keys()).as("each client name has its own keyspace").isEmpty();
    }
  }

  @Test
  void fsyncWritesRoundTripToo() throws Exception {
    FileStorageExtension ext = start("file_storage", new FileStorageExtensionConfig(dir, Duration.ZERO, true, false, "0750"));
    try (StorageClient client = ext.client(Kind.RECEIVER, ComponentId.parse("filelog"), "")) {
      client.set("offsets", new byte[] {1, 2, 3});
      assertThat(client.get("offsets")).containsExactly(1, 2, 3);
    }
  }

  @Test
  void eachInstanceKeepsItsDataInADirectoryNamedAfterItsId() throws Exception {
    FileStorageExtension plain = start("file_storage", FileStorageExtensionConfig.of(dir));
    FileStorageExtension queue = start("file_storage/queue", FileStorageExtensionConfig.of(dir));
    try (StorageClient a = plain.client(Kind.EXPORTER, OWNER, "traces");
        StorageClient b = queue.client(Kind.EXPORTER, OWNER, "traces")) {
      a.set("k", "from plain".getBytes(UTF_8));
      b.set("k", "from queue".getBytes(UTF_8));

      assertThat(a.get("k")).asString(UTF_8).isEqualTo("from plain");
      assertThat(b.get("k")).asString(UTF_8).isEqualTo("from queue");
    }
    assertThat(plain.directory()).isEqualTo(dir.toAbsolutePath().normalize().resolve("file_storage"));
    assertThat(queue.directory()).isEqualTo(dir.toAbsolutePath().normalize().resolve("file_storage~002Fqueue"));
    assertThat(plain.directory()).isDirectory();
    assertThat(queue.directory()).isDirectory();
  }

  @Test
  void twoCollectorsOnTheSameDirectoryConflictAtStart() throws Exception {
    start("file_storage", FileStorageExtensionConfig.of(dir));
    FileStorageExtension other = create("file_storage",
        new FileStorageExtensionConfig(dir, Duration.ZERO, false, false, "0750"));

    Path instanceDir = dir.toAbsolutePath().normalize().resolve("file_storage");
    assertThatThrownBy(() -> other.start(new NopHost()))
        .isInstanceOf(IOException.class)
        .hasMessage("directory " + instanceDir + " is in use by another collector (lock held on "
            + instanceDir.resolve(".lock") + ")");
    assertThatThrownBy(() -> other.client(Kind.EXPORTER, OWNER, "traces"))
        .isInstanceOf(IllegalStateException.class);
    other.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void aConflictNamesTheTimeoutItWaited() throws Exception {
    start("file_storage", FileStorageExtensionConfig.of(dir));
    FileStorageExtension other = create("file_storage",
        new FileStorageExtensionConfig(dir, Duration.ofMillis(100), false, false, "0750"));

    assertThatThrownBy(() -> other.start(new NopHost()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(" is in use by another collector ")
        .hasMessageEndingWith("; gave up after timeout 100ms");
  }

  @Test
  void startWaitsWithinTheTimeoutForTheLockToBeReleased() throws Exception {
    FileStorageExtension holder = start("file_storage", FileStorageExtensionConfig.of(dir));
    FileStorageExtension waiter = create("file_storage",
        new FileStorageExtensionConfig(dir, Duration.ofSeconds(60), false, false, "0750"));

    CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> {
      try {
        waiter.start(new NopHost());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    holder.shutdown(Duration.ofSeconds(1));
    starting.get(30, TimeUnit.SECONDS);
    started.add(waiter);

    try (StorageClient client = waiter.client(Kind.EXPORTER, OWNER, "traces")) {
      client.set("k", new byte[] {7});
      assertThat(client.get("k")).containsExactly(7);
    }
  }

  @Test
  void clientBeforeStartAndAfterShutdownIsAnIllegalState() throws Exception {
    FileStorageExtension ext = create("file_storage/q", FileStorageExtensionConfig.of(dir));

    assertThatThrownBy(() -> ext.client(Kind.EXPORTER, OWNER, "traces"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("file_storage/q is not started");

    ext.start(new NopHost());
    ext.client(Kind.EXPORTER, OWNER, "traces").close();
    ext.shutdown(Duration.ofSeconds(1));
    ext.shutdown(Duration.ofSeconds(1));

    assertThatThrownBy(() -> ext.client(Kind.EXPORTER, OWNER, "traces"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("file_storage/q is not started");
  }

  @Test
  void startTwiceIsAnError() throws Exception {
    FileStorageExtension ext = start("file_storage", FileStorageExtensionConfig.of(dir));

    assertThatThrownBy(() -> ext.start(new NopHost()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("file_storage already started");
  }

  @Test
  void aMissingDirectoryFailsStartUnlessCreateDirectoryIsSet() throws Exception {
    Path missing = dir.resolve("a/b");
    FileStorageExtension strict = create("file_storage", FileStorageExtensionConfig.of(missing));

    assertThatThrownBy(() -> strict.start(new NopHost()))
        .isInstanceOf(IOException.class)
        .hasMessage("directory " + missing.toAbsolutePath() + " does not exist"
            + " (expected: an existing directory, or create_directory: true)");
    assertThat(missing).doesNotExist();

    FileStorageExtension creating = start("file_storage",
        new FileStorageExtensionConfig(missing, Duration.ZERO, false, true, "0750"));
    assertThat(missing).isDirectory();
    assertThat(creating.directory()).isDirectory();
  }

  @Test
  void createdDirectoriesGetTheConfiguredPermissionsMinusUmask() throws Exception {
    Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX only");
    Path missing = dir.resolve("perm");
    FileStorageExtension ext = start("file_storage",
        new FileStorageExtensionConfig(missing, Duration.ZERO, false, true, "0700"));

    for (Path p : List.of(missing, ext.directory())) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      assertThat(PosixFilePermissions.fromString("rwx------")).containsAll(perms);
      assertThat(perms).contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
    }
  }

  @Test
  void aFileWhereTheDirectoryShouldBeFailsStart() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    FileStorageExtension ext = create("file_storage",
        new FileStorageExtensionConfig(file, Duration.ZERO, false, true, "0750"));

    assertThatThrownBy(() -> ext.start(new NopHost()))
        .isInstanceOf(IOException.class)
        .hasMessage("directory " + file.toAbsolutePath() + " is not a directory");
  }

  @Test
  void idsAreSanitizedAsUpstreamDoes() {
    assertThat(FileStorageExtension.sanitize("file_storage")).isEqualTo("file_storage");
    assertThat(FileStorageExtension.sanitize("file_storage/queue")).isEqualTo("file_storage~002Fqueue");
    assertThat(FileStorageExtension.sanitize("file_storage/a~b:c.d-e")).isEqualTo("file_storage~002Fa~007Eb~003Ac.d-e");
    assertThat(FileStorageExtension.sanitize("file_storage/é")).isEqualTo("file_storage~002F~00E9");
  }

  private FileStorageExtension create(String id, FileStorageExtensionConfig config) {
    return new FileStorageExtension(ComponentId.parse(id), config, Logger.noop());
  }

  private FileStorageExtension start(String id, FileStorageExtensionConfig config) throws Exception {
    FileStorageExtension ext = create(id, config);
    ext.start(new NopHost());
    started.add(ext);
    return ext;
  }
}
