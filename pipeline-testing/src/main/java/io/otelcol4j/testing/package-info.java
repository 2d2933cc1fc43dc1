/** The test kit for components: conformance test, sink consumer, nop host, test settings and data. */
@NullMarked
package io.otelcol4j.testing;

import org.jspecify.annotations.NullMarked;
