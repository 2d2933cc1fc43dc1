/**
 * The {@code k8sattributes} processor: associates telemetry with the Kubernetes pod that sent it
 * (by connection IP or resource attributes) and adds pod, owner, namespace, node and container
 * metadata to its resource, from a compact cache fed by API-server watches.
 */
@NullMarked
package io.otelcol4j.processor.k8sattributes;

import org.jspecify.annotations.NullMarked;
