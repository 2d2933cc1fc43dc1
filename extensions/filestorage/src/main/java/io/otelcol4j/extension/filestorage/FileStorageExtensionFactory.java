package io.otelcol4j.extension.filestorage;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.ExtensionFactory;
import io.otelcol4j.component.StabilityLevel;
import io.otelcol4j.config.ConfigNode;

/**
 * Builds the {@code file_storage} extension: durable key-value storage in a local directory for
 * the persistent sending queue and checkpoints. The built component implements
 * {@link io.otelcol4j.storage.StorageExtension}; components find it with
 * {@code host.extension(id, StorageExtension.class)}.
 */
public final class FileStorageExtensionFactory implements ExtensionFactory<FileStorageExtensionConfig> {
  /** The type used in config ids. */
  public static final String TYPE = "file_storage";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<FileStorageExtensionConfig> configClass() {
    return FileStorageExtensionConfig.class;
  }

  @Override
  public FileStorageExtensionConfig parseConfig(ConfigNode node) {
    return FileStorageExtensionConfig.from(node);
  }

  @Override
  public StabilityLevel stability() {
    return StabilityLevel.BETA;
  }

  @Override
  public Component create(ComponentSettings settings, FileStorageExtensionConfig config) {
    return new FileStorageExtension(settings.id(), config, settings.logger());
  }
}
