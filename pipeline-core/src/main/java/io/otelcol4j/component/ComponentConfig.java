package io.otelcol4j.component;

/**
 * Marker for a component's config: an immutable record holding only what the user writes in YAML.
 * Binding from YAML happens in the factory's {@code parseConfig}; anything the runtime provides
 * belongs in {@link ComponentSettings} instead.
 */
public interface ComponentConfig {}
