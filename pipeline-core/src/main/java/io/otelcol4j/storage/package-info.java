/** Storage SPI for extensions such as {@code file_storage}, used by the persistent queue and checkpoints. */
@NullMarked
package io.otelcol4j.storage;

import org.jspecify.annotations.NullMarked;
