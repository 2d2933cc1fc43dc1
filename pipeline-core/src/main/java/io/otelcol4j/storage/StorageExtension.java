package io.otelcol4j.storage;

import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Kind;
import java.io.IOException;

/**
 * An extension that gives components durable key-value storage, as the collector's
 * {@code storage.Extension} does: the persistent sending queue and the filelog receiver's
 * checkpoints use it. Found through {@code Host.extension(id, StorageExtension.class)}.
 */
public interface StorageExtension {
  /**
   * Opens the storage of one component. Each (kind, component id, name) has its own keyspace;
   * opening the same one twice in one process without closing is an error.
   *
   * @param kind the kind of the component asking
   * @param owner the component asking, e.g. {@code otlp/backend}
   * @param name a name within the component, e.g. {@code traces} for a per-signal queue
   * @throws IOException when the storage cannot be opened, e.g. because another collector holds it
   */
  StorageClient client(Kind kind, ComponentId owner, String name) throws IOException;
}
