package io.otelcol4j.component;

import java.util.Map;
import java.util.Optional;

/** What the runtime offers a running component: the started extensions and the collector's status. */
public interface Host {
  /** The started extensions by id. */
  Map<ComponentId, Component> extensions();

  /**
   * The extension with this id when it exists and is of this type.
   *
   * @return empty when no such extension is configured in {@code service.extensions}
   */
  default <T> Optional<T> extension(ComponentId id, Class<T> type) {
    Component c = extensions().get(id);
    return type.isInstance(c) ? Optional.of(type.cast(c)) : Optional.empty();
  }

  /** The status of the collector and of each component, for health reporting. */
  StatusRegistry status();
}
