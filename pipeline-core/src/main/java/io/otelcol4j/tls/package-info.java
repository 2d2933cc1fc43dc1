/** TLS from the PEM files collector configs name ({@code ca_file}, {@code cert_file}, {@code key_file}). */
@NullMarked
package io.otelcol4j.tls;

import org.jspecify.annotations.NullMarked;
