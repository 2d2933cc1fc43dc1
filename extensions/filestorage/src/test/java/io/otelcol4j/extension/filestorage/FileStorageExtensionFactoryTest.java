package io.otelcol4j.extension.filestorage;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.storage.StorageExtension;
import io.otelcol4j.testing.ComponentConformanceTest;
import io.otelcol4j.testing.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageExtensionFactoryTest extends ComponentConformanceTest {
  @TempDir Path dir;

  @Override
  protected ComponentFactory<?> factory() {
    return new FileStorageExtensionFactory();
  }

  @Override
  protected ComponentConfig testConfig() {
    // The default /var/lib/otelcol/file_storage need not exist (or be writable) on a build machine.
    return new FileStorageExtensionConfig(dir.resolve("storage"), Duration.ofSeconds(1), false, true, "0750");
  }

  @Test
  void typeAndStability() {
    FileStorageExtensionFactory f = new FileStorageExtensionFactory();
    assertThat(f.type()).isEqualTo("file_storage");
    assertThat(f.aliases()).isEmpty();
    assertThat(f.stability()).isEqualTo(StabilityLevel.BETA);
  }

  @Test
  void createdExtensionIsAStorageExtension() {
    FileStorageExtensionFactory f = new FileStorageExtensionFactory();
    var settings = TestSettings.of(Kind.EXTENSION, "file_storage/queue");

    assertThat(f.create(settings, FileStorageExtensionConfig.of(dir)))
        .isInstanceOf(StorageExtension.class)
        .isInstanceOfSatisfying(FileStorageExtension.class,
            e -> assertThat(e.directory()).isEqualTo(dir.toAbsolutePath().normalize().resolve("file_storage~002Fqueue")));
  }
}
