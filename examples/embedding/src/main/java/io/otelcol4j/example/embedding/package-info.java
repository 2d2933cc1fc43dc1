/** An application that embeds an otelcol4j collector with the library API. */
@NullMarked
package io.otelcol4j.example.embedding;

import org.jspecify.annotations.NullMarked;
