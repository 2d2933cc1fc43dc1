package io.otelcol4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {
  private static final ComponentId OTLP = ComponentId.parse("otlp/backend");

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void valuesRoundTripAndSurviveReopen() throws IOException {
    try (FileStorage storage = FileStorage.open(dir, true); StorageClient c = storage.client(Kind.EXPORTER, OTLP, "traces")) {
      assertThat(c.get("a")).isNull();
      c.set("a", bytes("one"));
      c.set("b", new byte[0]);
      assertThat(c.get("a")).isEqualTo(bytes("one"));
      assertThat(c.get("b")).isEmpty();
    }
    try (FileStorage storage = FileStorage.open(dir, false); StorageClient c = storage.client(Kind.EXPORTER, OTLP, "traces")) {
      assertThat(c.get("a")).isEqualTo(bytes("one"));
      assertThat(c.keys()).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void setOverwritesAtomicallyAndDeleteRemoves() throws IOException {
    try (FileStorage storage = FileStorage.open(dir, true); StorageClient c = storage.client(Kind.EXPORTER, OTLP, "traces")) {
      c.set("k", bytes("first, longer value"));
      c.set("k", bytes("second"));
      assertThat(c.get("k")).isEqualTo(bytes("second"));
      c.delete("k");
      c.delete("k");
      assertThat(c.get("k")).isNull();
      assertThat(c.keys()).isEmpty();
      // No temporary file is left behind by the overwrite.
      try (Stream<Path> files = Files.list(storage.directory().resolve("exporter_otlp_backend_traces"))) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void concurrentOverwritesLeaveOneWholeValue() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (FileStorage storage = FileStorage.open(dir, false); StorageClient c = storage.client(Kind.EXPORTER, OTLP, "traces")) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        byte[] value = bytes(String.valueOf((char) ('a' + t)).repeat(10_000));
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 20; i++) {
            c.set("shared", value);
            byte[] read = c.get("shared");
            // Whatever writer won, the value read is one writer's whole value.
            assertThat(read).hasSize(10_000);
            assertThat(new String(read, StandardCharsets.UTF_8).chars().distinct().count()).isEqualTo(1);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(c.keys()).containsExactly("shared");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keysAreEscapedReversibly() throws IOException {
    List<String> keys = List.of("0000000001", "with/slash", "..", ".hidden", "sp ace", "percent%41", "ünï©ødé", "a.b", "CaSe");
    try (FileStorage storage = FileStorage.open(dir, false); StorageClient c = storage.client(Kind.RECEIVER, ComponentId.of("filelog"), "checkpoints")) {
      for (String k : keys) {
        c.set(k, bytes(k));
      }
      assertThat(c.keys()).containsExactlyInAnyOrderElementsOf(keys);
      for (String k : keys) {
        assertThat(c.get(k)).isEqualTo(bytes(k));
      }
    }
    assertThat(FileStorage.encodeKey("with/slash")).isEqualTo("with%2Fslash");
    assertThat(FileStorage.encodeKey(".hidden")).isEqualTo("%2Ehidden");
    assertThatThrownBy(() -> FileStorage.encodeKey("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key: \"\" (expected: a non-empty string)");
  }

  @Test
  void secondOpenOfTheSameDirectoryFails() throws IOException {
    try (FileStorage first = FileStorage.open(dir, false)) {
      Path abs = dir.toAbsolutePath().normalize();
      assertThatThrownBy(() -> FileStorage.open(dir, false))
          .isInstanceOf(IOException.class)
          .hasMessage("directory " + abs + " is in use by another collector (lock held on " + abs.resolve(".lock") + ")");
      assertThat(first.directory()).isEqualTo(abs);
    }
    // Released by close.
    FileStorage.open(dir, false).close();
  }

  @Test
  void leftoverTempFilesAreDeletedAtOpen() throws IOException {
    Path clientDir = dir.resolve("exporter_otlp_backend_traces");
    Files.createDirectories(clientDir);
    Files.write(clientDir.resolve(FileStorage.TEMP_PREFIX + "1234abcd"), bytes("torn write"));
    Files.write(clientDir.resolve("k"), bytes("kept"));
    try (FileStorage storage = FileStorage.open(dir, true); StorageClient c = storage.client(Kind.EXPORTER, OTLP, "traces")) {
      assertThat(c.keys()).containsExactly("k");
      try (Stream<Path> files = Files.list(clientDir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("k");
      }
    }
  }

  @Test
  void clientsHaveSeparateKeyspaces() throws IOException {
    try (FileStorage storage = FileStorage.open(dir, false)) {
      StorageClient traces = storage.client(Kind.EXPORTER, OTLP, "traces");
      StorageClient logs = storage.client(Kind.EXPORTER, OTLP, "logs");
      StorageClient other = storage.client(Kind.EXPORTER, ComponentId.of("otlp"), "traces");
      StorageClient receiver = storage.client(Kind.RECEIVER, OTLP, "traces");
      traces.set("k", bytes("t"));
      logs.set("k", bytes("l"));
      assertThat(traces.get("k")).isEqualTo(bytes("t"));
      assertThat(logs.get("k")).isEqualTo(bytes("l"));
      assertThat(other.keys()).isEmpty();
      assertThat(receiver.keys()).isEmpty();
      try (Stream<Path> files = Files.list(storage.directory())) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
            ".lock", "exporter_otlp_backend_traces", "exporter_otlp_backend_logs", "exporter_otlp__traces",
            "receiver_otlp_backend_traces");
      }
      for (StorageClient c : List.of(traces, logs, other, receiver)) {
        c.close();
      }
    }
  }

  @Test
  void directoryNamesAreSanitized() {
    assertThat(FileStorage.sanitize("otlp/back end:1")).isEqualTo("otlp_back_end_1");
    assertThat(FileStorage.sanitize("a.b-c_d")).isEqualTo("a.b-c_d");
  }

  @Test
  void openingAClientTwiceFailsUntilClosed() throws IOException {
    try (FileStorage storage = FileStorage.open(dir, false)) {
      StorageClient c = storage.client(Kind.EXPORTER, OTLP, "traces");
      assertThatThrownBy(() -> storage.client(Kind.EXPORTER, OTLP, "traces"))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("storage client exporter_otlp_backend_traces in ")
          .hasMessageEndingWith(" is already open (expected: close it before opening it again)");
      c.close();
      c.close();
      assertThatThrownBy(() -> c.get("k")).isInstanceOf(IOException.class)
          .hasMessage("storage client exporter_otlp_backend_traces is closed");
      storage.client(Kind.EXPORTER, OTLP, "traces").close();
    }
  }
}
