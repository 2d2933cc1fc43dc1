package io.otelcol4j.component;

import io.otelcol4j.config.ConfigNode;
import java.time.Duration;

/** Test-only extension factory: type {@code fake_extension} with a {@code directory} string. */
public final class FakeExtensionFactory implements ExtensionFactory<FakeExtensionFactory.Config> {
  /** {@code directory} (string, default {@value #DEFAULT_DIRECTORY}). */
  public record Config(String directory) implements ComponentConfig {
    public static final String DEFAULT_DIRECTORY = "/var/lib/fake";

    static Config from(ConfigNode node) {
      return new Config(node.string("directory", DEFAULT_DIRECTORY));
    }
  }

  private final Events events;

  public FakeExtensionFactory(Events events) {
    this.events = events;
  }

  @Override
  public String type() {
    return "fake_extension";
  }

  @Override
  public Class<Config> configClass() {
    return Config.class;
  }

  @Override
  public Config parseConfig(ConfigNode node) {
    return Config.from(node);
  }

  @Override
  public StabilityLevel stability() {
    return StabilityLevel.ALPHA;
  }

  @Override
  public Component create(ComponentSettings settings, Config config) {
    ComponentId id = settings.id();
    return new Component() {
      @Override
      public void start(Host host) throws Exception {
        events.start("extension " + id);
      }

      @Override
      public void shutdown(Duration deadline) throws Exception {
        events.stop("extension " + id);
      }
    };
  }
}
