/**
 * Authentication hooks that extensions provide and components look up through
 * {@link io.otelcol4j.component.Host#extension(io.otelcol4j.component.ComponentId, Class)}, so that
 * components never depend on one another: {@link io.otelcol4j.auth.HttpClientAuthenticator} for
 * HTTP exporters.
 */
@NullMarked
package io.otelcol4j.auth;

import org.jspecify.annotations.NullMarked;
