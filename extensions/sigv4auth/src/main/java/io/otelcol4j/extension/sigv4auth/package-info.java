/**
 * The {@code sigv4auth} extension: signs HTTP exporter requests with AWS Signature Version 4, for
 * Amazon Managed Service for Prometheus and other AWS HTTP endpoints. Exporters reach it through
 * {@link io.otelcol4j.auth.HttpClientAuthenticator}.
 */
@NullMarked
package io.otelcol4j.extension.sigv4auth;

import org.jspecify.annotations.NullMarked;
