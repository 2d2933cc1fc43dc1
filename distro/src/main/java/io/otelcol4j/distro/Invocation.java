package io.otelcol4j.distro;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed command line.
 *
 * @param command what to do
 * @param configs {@code --config} files in the order given; empty means the embedded default config
 * @param sets {@code --set key.path=value} overrides in the order given
 * @param plugins {@code --plugins} folder, or null when not given
 */
record Invocation(Command command, List<Path> configs, List<String> sets, @Nullable Path plugins) {
  /** The subcommands. */
  enum Command {
    RUN(Set.of("--config", "--set", "--plugins")),
    VALIDATE(Set.of("--config", "--set", "--plugins")),
    COMPONENTS(Set.of("--plugins")),
    VERSION(Set.of()),
    HELP(Set.of());

    private final Set<String> flags;

    Command(Set<String> flags) {
      this.flags = flags;
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    static @Nullable Command of(String word) {
      for (Command c : values()) {
        if (c.word().equals(word)) {
          return c;
        }
      }
      return null;
    }
  }

  static final String USAGE = String.join("\n",
      "Usage:",
      "  otelcol4j [run] [--config FILE]... [--set key.path=value]... [--plugins DIR]",
      "  otelcol4j validate [--config FILE]... [--set key.path=value]... [--plugins DIR]",
      "  otelcol4j components [--plugins DIR]",
      "  otelcol4j version | --version",
      "  otelcol4j help | --help",
      "",
      "Commands:",
      "  run         run the collector (the default); stops cleanly on SIGTERM or SIGINT",
      "  validate    check the config and exit: 0 when valid, 1 listing every problem",
      "  components  list every available component with its stability and where it was loaded from",
      "  version     print the version",
      "",
      "Flags:",
      "  --config FILE         a config file; repeat to merge several in order (later wins).",
      "                        Without --config the embedded default config is used.",
      "  --set key.path=value  override one config value after merging; repeatable",
      "  --plugins DIR         load extra component jars from DIR (default: $OTELCOL4J_PLUGINS,",
      "                        else the plugins folder next to otelcol4j.jar when it exists)");

  /**
   * Parses arguments: at most one subcommand word anywhere, flags as {@code --flag value} or
   * {@code --flag=value}.
   *
   * @throws UsageException for an unknown flag or word, a missing value, or a flag the command
   *     does not take
   */
  static Invocation parse(String... args) throws UsageException {
    Command command = null;
    List<Path> configs = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    Path plugins = null;
    List<String> flagsSeen = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--version") || a.equals("-v")) {
        command = setCommand(command, Command.VERSION, a);
        continue;
      }
      if (a.equals("--help") || a.equals("-h")) {
        command = setCommand(command, Command.HELP, a);
        continue;
      }
      if (!a.startsWith("-")) {
        Command c = Command.of(a);
        if (c == null) {
          throw new UsageException("unknown command \"" + a + "\" (expected one of: run, validate, components, version, help)");
        }
        command = setCommand(command, c, a);
        continue;
      }
      String name = a;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else {
        value = null;
      }
      if (!name.equals("--config") && !name.equals("--set") && !name.equals("--plugins")) {
        throw new UsageException("unknown flag: " + name);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("flag needs a value: " + name);
        }
        value = args[++i];
      }
      if (value.isEmpty()) {
        throw new UsageException("flag needs a non-empty value: " + name);
      }
      flagsSeen.add(name);
      switch (name) {
        case "--config":
          configs.add(Path.of(value));
          break;
        case "--set":
          sets.add(value);
          break;
        default:
          if (plugins != null) {
            throw new UsageException("flag given twice: --plugins");
          }
          plugins = Path.of(value);
      }
    }
    Command c = command == null ? Command.RUN : command;
    for (String f : flagsSeen) {
      if (!c.flags.contains(f)) {
        throw new UsageException("flag " + f + " is not valid for " + c.word());
      }
    }
    return new Invocation(c, List.copyOf(configs), List.copyOf(sets), plugins);
  }

  private static Command setCommand(@Nullable Command current, Command next, String word) throws UsageException {
    if (current != null && current != next) {
      throw new UsageException("more than one command: " + current.word() + " and " + word);
    }
    return next;
  }
}
