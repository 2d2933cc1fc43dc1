package io.otelcol4j.component;

import io.otelcol4j.config.ConfigNode;
import java.util.List;
import java.util.Map;

/**
 * The plugin unit: describes one component type and builds its instances. Implementations are
 * found with {@link java.util.ServiceLoader} through one of the kind-specific interfaces
 * ({@link ReceiverFactory}, {@link ProcessorFactory}, {@link ExporterFactory},
 * {@link ExtensionFactory}).
 *
 * <p>Factories are cheap and pure: constructing one, and every method but {@code create*}, has no
 * side effects, so {@code components} and {@code validate} can load every factory safely.
 *
 * @param <C> the config record
 */
public interface ComponentFactory<C extends ComponentConfig> {
  /** The type used in config ids, lower_snake_case matching {@link ComponentId#TYPE_PATTERN}. */
  String type();

  /**
   * Other names the type is also known by, e.g. {@code file_log} for {@code filelog}, so users'
   * existing configs in either spelling work. Empty by default.
   */
  default List<String> aliases() {
    return List.of();
  }

  /** The kind of component this factory builds. */
  Kind kind();

  /** The config record class. */
  Class<C> configClass();

  /**
   * Binds a config from YAML. Every missing key takes its default; every problem (unknown key,
   * wrong type, invalid value) is reported through {@code node}, which knows its YAML path, and the
   * best-effort value is returned so that all problems are found in one pass.
   */
  C parseConfig(ConfigNode node);

  /** A fresh default config, as an empty YAML map would bind. No side effects. */
  default C createDefaultConfig() {
    return parseConfig(ConfigNode.empty(kind().section() + "." + type()));
  }

  /**
   * The signals this type supports with their stability. Empty for extensions, which carry no
   * signal; see {@link ExtensionFactory#stability()}.
   */
  Map<Signal, StabilityLevel> signals();
}
