package io.otelcol4j.exporterhelper;

import io.opentelemetry.api.metrics.MeterProvider;
import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.component.StatusReporter;
import io.otelcol4j.storage.FileStorage;
import io.otelcol4j.storage.StorageClient;
import io.otelcol4j.storage.StorageExtension;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Settings, hosts and a log capture for exporter helper tests. */
final class TestSupport {
  private TestSupport() {}

  static final ComponentId ID = ComponentId.parse("otlp/test");

  static ComponentSettings settings(MeterProvider provider, Logger logger, StatusReporter status) {
    return new ComponentSettings(ID, Kind.EXPORTER, logger, provider, BuildInfo.current(), status);
  }

  static ComponentSettings settings(MeterProvider provider) {
    return settings(provider, Logger.noop(), StatusReporter.NOOP);
  }

  /** Log records as "level message {k=v, ...}". */
  static final class Logs {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger logger = Logger.of((time, level, message, fields, error) -> {
      StringBuilder sb = new StringBuilder(level.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(message);
      for (int i = 0; i + 1 < fields.length; i += 2) {
        sb.append(' ').append(fields[i]).append('=').append(fields[i + 1]);
      }
      lines.add(sb.toString());
    }, Logger.Level.DEBUG);
  }

  /** A host with the given extensions. */
  static final class TestHost implements Host {
    final Map<ComponentId, Component> extensions = new LinkedHashMap<>();
    final StatusRegistry status = new StatusRegistry();

    TestHost with(ComponentId id, Component extension) {
      extensions.put(id, extension);
      return this;
    }

    @Override
    public Map<ComponentId, Component> extensions() {
      return extensions;
    }

    @Override
    public StatusRegistry status() {
      return status;
    }
  }

  /** A storage extension backed by a {@link FileStorage}, as the file_storage extension is. */
  static final class StorageExt implements Component, StorageExtension {
    final FileStorage storage;

    StorageExt(FileStorage storage) {
      this.storage = storage;
    }

    @Override
    public StorageClient client(Kind kind, ComponentId owner, String name) throws IOException {
      return storage.client(kind, owner, name);
    }
  }
}
