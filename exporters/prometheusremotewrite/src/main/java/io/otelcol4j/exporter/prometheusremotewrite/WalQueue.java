package io.otelcol4j.exporter.prometheusremotewrite;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Exporter;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.storage.FileStorage;
import io.otelcol4j.storage.StorageClient;
import io.otelcol4j.storage.StorageExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code wal} key: users' configs ask upstream's write-ahead log for durability; here the
 * exporter helper's persistent queue provides it, in {@code wal.directory}, instead of a second
 * log (upstream's has lost data for years). The exporter is started with a host that also holds a
 * {@link FileStorage} on that directory under {@link #STORAGE_ID}, which the queue config names.
 */
final class WalQueue implements Exporter<MetricsBatch> {
  /** The storage id the queue config names when {@code wal} is set; never seen in users' configs. */
  static final ComponentId STORAGE_ID = ComponentId.of("file_storage", "prometheusremotewrite_wal");

  private final ComponentSettings settings;
  private final Path directory;
  private final Exporter<MetricsBatch> exporter;
  private @Nullable FileStorage storage;

  WalQueue(ComponentSettings settings, String directory, Exporter<MetricsBatch> exporter) {
    this.settings = settings;
    this.directory = Path.of(directory);
    this.exporter = exporter;
  }

  @Override
  public void start(Host host) throws Exception {
    FileStorage s = FileStorage.open(directory, true);
    storage = s;
    settings.logger().info("wal: batches are kept in the persistent sending queue until sent", "directory",
        directory.toString());
    try {
      exporter.start(withStorage(host, s));
    } catch (Exception | Error e) {
      s.close();
      storage = null;
      throw e;
    }
  }

  @Override
  public void consume(Context context, MetricsBatch batch) {
    exporter.consume(context, batch);
  }

  @Override
  public void shutdown(Duration deadline) throws Exception {
    try {
      exporter.shutdown(deadline);
    } finally {
      FileStorage s = storage;
      storage = null;
      if (s != null) {
        s.close();
      }
    }
  }

  private static Host withStorage(Host host, FileStorage storage) {
    Map<ComponentId, Component> extensions = new LinkedHashMap<>(host.extensions());
    extensions.put(STORAGE_ID, new Storage(storage));
    Map<ComponentId, Component> view = Map.copyOf(extensions);
    return new Host() {
      @Override
      public Map<ComponentId, Component> extensions() {
        return view;
      }

      @Override
      public StatusRegistry status() {
        return host.status();
      }
    };
  }

  /** The file storage as the extension the exporter helper looks up; closed by {@link WalQueue}. */
  private static final class Storage implements Component, StorageExtension {
    private final FileStorage storage;

    Storage(FileStorage storage) {
      this.storage = storage;
    }

    @Override
    public StorageClient client(Kind kind, ComponentId owner, String name) throws IOException {
      return storage.client(kind, owner, name);
    }
  }
}
