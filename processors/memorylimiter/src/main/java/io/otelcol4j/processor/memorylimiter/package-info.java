/**
 * The {@code memory_limiter} processor: refuses data while the JVM's used heap is above a limit, so
 * that receivers push back.
 */
@NullMarked
package io.otelcol4j.processor.memorylimiter;

import org.jspecify.annotations.NullMarked;
