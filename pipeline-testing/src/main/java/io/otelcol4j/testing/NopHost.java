package io.otelcol4j.testing;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.StatusRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/** A host with the given extensions (none by default) and a fresh status registry. */
public final class NopHost implements Host {
  private final Map<ComponentId, Component> extensions = new LinkedHashMap<>();
  private final StatusRegistry status = new StatusRegistry();

  /** Adds an extension the component under test can look up. */
  public NopHost with(ComponentId id, Component extension) {
    extensions.put(id, extension);
    return this;
  }

  @Override
  public Map<ComponentId, Component> extensions() {
    return extensions;
  }

  @Override
  public StatusRegistry status() {
    return status;
  }
}
