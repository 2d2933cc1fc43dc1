/** Config loading in the OpenTelemetry Collector shape: YAML, merging, expansion, strict path-aware binding. */
@NullMarked
package io.otelcol4j.config;

import org.jspecify.annotations.NullMarked;
