package io.otelcol4j.storage;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Durable key-value storage for one component. A {@link #set} that returns has reached stable
 * storage (it survives a process kill); readers never see a partially written value.
 *
 * <p>Thread-safe.
 */
public interface StorageClient extends Closeable {
  /** The value stored under {@code key}, or null. */
  byte @Nullable [] get(String key) throws IOException;

  /** Stores {@code value} under {@code key}, durably and atomically. */
  void set(String key, byte[] value) throws IOException;

  /** Removes {@code key}; no error when absent. */
  void delete(String key) throws IOException;

  /** Every key currently stored, in no particular order. */
  List<String> keys() throws IOException;

  /** Releases the storage (locks, handles). Idempotent. */
  @Override
  void close() throws IOException;
}
