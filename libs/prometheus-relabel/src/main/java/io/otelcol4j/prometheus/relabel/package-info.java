/**
 * Prometheus relabeling ({@code relabel_configs}, {@code metric_relabel_configs}) with Prometheus's
 * semantics: {@link io.otelcol4j.prometheus.relabel.RelabelConfig} binds and validates one rule as
 * Prometheus does, {@link io.otelcol4j.prometheus.relabel.Relabeler} applies a precompiled list of
 * rules to a reusable {@link io.otelcol4j.prometheus.relabel.LabelsBuilder}. A library, not a
 * component: receivers, processors and exporters share it.
 */
@NullMarked
package io.otelcol4j.prometheus.relabel;

import org.jspecify.annotations.NullMarked;
