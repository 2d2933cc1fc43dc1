package io.otelcol4j.distro;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.component.ComponentLoader;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.config.ConfigLoader;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigurationException;
import io.otelcol4j.service.Collector;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The commands behind {@link Main}, which only adds signal handling and {@code System.exit}. Each
 * command returns its exit code: 0 success, 1 failure (invalid config, unreadable file), 2 usage.
 */
final class Cli {
  /** Environment variable naming the plugins folder when {@code --plugins} is not given. */
  static final String PLUGINS_ENV = "OTELCOL4J_PLUGINS";

  /** The embedded config {@code run} and {@code validate} use without {@code --config}. */
  static final String DEFAULT_CONFIG_RESOURCE = "/default-config.yaml";

  /** The name the embedded default config has in messages. */
  static final String DEFAULT_CONFIG_NAME = "default-config.yaml (embedded)";

  static final String VALID = "config is valid";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final @Nullable Path jarDir;

  /**
   * @param jarDir the folder holding {@code otelcol4j.jar}, where a {@code plugins} folder is looked
   *     for; null when not running from a jar
   */
  Cli(PrintStream out, PrintStream err, Map<String, String> env, @Nullable Path jarDir) {
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.env = Map.copyOf(requireNonNull(env, "env"));
    this.jarDir = jarDir;
  }

  /** Runs every command but {@code run}, which {@link Main} owns. */
  int execute(Invocation inv) {
    try {
      switch (inv.command()) {
        case VALIDATE:
          return validate(inv);
        case COMPONENTS:
          out.print(ComponentsReport.render(registry(inv), BuildInfo.current()));
          out.flush();
          return 0;
        case VERSION:
          out.println(versionLine());
          return 0;
        case HELP:
          out.println(Invocation.USAGE);
          return 0;
        default:
          throw new IllegalArgumentException("not a one-shot command: " + inv.command().word());
      }
    } catch (CliFailure e) {
      err.println("Error: " + e.getMessage());
      return 1;
    }
  }

  static String versionLine() {
    BuildInfo info = BuildInfo.current();
    return info.command() + " version " + info.version();
  }

  private int validate(Invocation inv) throws CliFailure {
    ConfigLoader.Result result;
    try {
      result = new ConfigLoader(registry(inv), env).load(sources(inv), inv.sets());
    } catch (ConfigurationException e) {
      for (ConfigProblem p : e.problems()) {
        err.println(p);
      }
      return 1;
    }
    for (ConfigProblem w : result.warnings()) {
      err.println("warning: " + w);
    }
    out.println(VALID);
    return 0;
  }

  /** The plugins folder to load: {@code --plugins}, else the environment, else {@code plugins} next to the jar. */
  @Nullable Path pluginsDir(Invocation inv) throws CliFailure {
    Path dir = inv.plugins();
    String from = "--plugins";
    if (dir == null) {
      String e = env.get(PLUGINS_ENV);
      if (e != null && !e.isEmpty()) {
        dir = Path.of(e);
        from = PLUGINS_ENV;
      }
    }
    if (dir == null) {
      if (jarDir != null && Files.isDirectory(jarDir.resolve("plugins"))) {
        return jarDir.resolve("plugins");
      }
      return null;
    }
    if (!Files.isDirectory(dir)) {
      throw new CliFailure("plugins folder " + dir + " (from " + from + ") does not exist or is not a folder");
    }
    return dir;
  }

  /** The factories of the class path and the plugins folder. */
  ComponentRegistry registry(Invocation inv) throws CliFailure {
    Path dir = pluginsDir(inv);
    try {
      return dir == null ? ComponentLoader.fromClasspath() : ComponentLoader.fromClasspathAndPlugins(dir);
    } catch (IOException e) {
      throw new CliFailure("cannot read plugins folder " + dir + ": " + e, e);
    } catch (IllegalStateException e) {
      // Duplicate or malformed factory types: name them all.
      throw new CliFailure("cannot load components: " + e.getMessage(), e);
    }
  }

  /** The config sources: the {@code --config} files in order, or the embedded default config. */
  static List<ConfigLoader.Source> sources(Invocation inv) throws CliFailure {
    List<ConfigLoader.Source> sources = new ArrayList<>();
    if (inv.configs().isEmpty()) {
      sources.add(ConfigLoader.Source.text(DEFAULT_CONFIG_NAME, defaultConfig()));
      return sources;
    }
    for (Path p : inv.configs()) {
      try {
        sources.add(ConfigLoader.Source.file(p));
      } catch (NoSuchFileException e) {
        throw new CliFailure("cannot read config file " + p + ": no such file", e);
      } catch (IOException e) {
        throw new CliFailure("cannot read config file " + p + ": " + e, e);
      }
    }
    return sources;
  }

  /** The embedded default config text. */
  static String defaultConfig() {
    try (InputStream in = Cli.class.getResourceAsStream(DEFAULT_CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the distro jar lacks " + DEFAULT_CONFIG_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_CONFIG_RESOURCE + ": " + e, e);
    }
  }

  /** A collector for {@code run}: config sources, overrides and the registry of this invocation. */
  Collector collector(Invocation inv) throws CliFailure {
    Collector.Builder b = Collector.builder().registry(registry(inv)).env(env);
    for (ConfigLoader.Source s : sources(inv)) {
      b.configYaml(s.name(), s.text());
    }
    for (String s : inv.sets()) {
      b.set(s);
    }
    return b.build();
  }
}
