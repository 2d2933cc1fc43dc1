/**
 * The {@code inprocess} receiver: {@link io.otelcol4j.receiver.inprocess.InProcessExporters} gives
 * the host application SDK exporters that feed a running collector's pipelines directly.
 */
@NullMarked
package io.otelcol4j.receiver.inprocess;

import org.jspecify.annotations.NullMarked;
