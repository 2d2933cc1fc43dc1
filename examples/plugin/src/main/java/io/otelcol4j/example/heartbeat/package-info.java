/**
 * The {@code heartbeat} receiver: an example of a third-party component shipped as a plugin jar.
 * It emits one log record per interval, so a pipeline can be seen to be alive end to end.
 */
@NullMarked
package io.otelcol4j.example.heartbeat;

import org.jspecify.annotations.NullMarked;
