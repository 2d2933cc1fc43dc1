/**
 * The {@code file_storage} extension: durable key-value storage in a local directory, used by the
 * persistent sending queue and by receivers' checkpoints through
 * {@link io.otelcol4j.storage.StorageExtension}.
 */
@NullMarked
package io.otelcol4j.extension.filestorage;

import org.jspecify.annotations.NullMarked;
