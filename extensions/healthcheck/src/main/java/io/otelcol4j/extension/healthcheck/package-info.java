/**
 * The {@code health_check} extension: an HTTP endpoint reporting whether the collector is running
 * and, optionally, whether its exporters are failing, for liveness and readiness probes.
 */
@NullMarked
package io.otelcol4j.extension.healthcheck;

import org.jspecify.annotations.NullMarked;
