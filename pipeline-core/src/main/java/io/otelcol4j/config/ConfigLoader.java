package io.otelcol4j.config;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.Signal;
import io.otelcol4j.component.UnsupportedSignalException;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Loads a collector config in the OpenTelemetry Collector's shape from one or more YAML sources:
 * parse each (YAML 1.2, lines kept), deep-merge them in order, apply {@code --set} overrides,
 * expand {@code ${env:…}}/{@code ${file:…}}/{@code $$}, then bind every component through its
 * factory and validate the service. Every problem is collected and reported at once in a
 * {@link ConfigurationException}, each naming its YAML path and, where known, file and line.
 */
public final class ConfigLoader {
  /** One config source: a name for messages (a file path) and its YAML text. */
  public record Source(String name, String text) {
    public Source {
      requireNonNull(name, "name");
      requireNonNull(text, "text");
    }

    /** Reads a file. */
    public static Source file(Path path) throws IOException {
      return new Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** YAML text with a name for messages. */
    public static Source text(String name, String yaml) {
      return new Source(name, yaml);
    }
  }

  /**
   * A loaded config and the warnings found (e.g. components defined but unused).
   *
   * @param config the bound, validated config
   * @param warnings problems that do not stop the collector
   */
  public record Result(CollectorConfig config, List<ConfigProblem> warnings) {}

  private static final Set<String> TOP_LEVEL_KEYS = Set.of("receivers", "processors", "exporters", "extensions", "service");

  private final ComponentRegistry registry;
  private final Map<String, String> env;

  /**
   * @param registry the factories components are bound with
   * @param env the environment {@code ${env:VAR}} reads, usually {@code System.getenv()}
   */
  public ConfigLoader(ComponentRegistry registry, Map<String, String> env) {
    this.registry = requireNonNull(registry, "registry");
    this.env = Map.copyOf(requireNonNull(env, "env"));
  }

  /**
   * Loads and validates.
   *
   * @param sources merged in order: later keys win, maps merge deeply, lists are replaced
   * @param overrides {@code key.path=value} overrides applied after merging, as {@code --set}
   * @throws ConfigurationException listing every problem
   */
  public Result load(List<Source> sources, List<String> overrides) {
    ConfigProblems problems = new ConfigProblems();
    RawNode merged = null;
    if (sources.isEmpty()) {
      problems.error("", "no config given (expected: at least one --config)", null);
    }
    for (Source s : sources) {
      RawNode tree = YamlParser.parse(s.text(), s.name(), problems);
      if (tree == null) {
        continue;
      }
      if (tree.type != RawNode.Type.MAP) {
        problems.error("", tree.describe() + " (expected: a map with receivers, exporters, service, …)", tree.location());
        continue;
      }
      merged = RawNode.merge(merged, tree);
    }
    for (String o : overrides) {
      merged = applyOverride(merged, o, problems);
    }
    problems.throwIfErrors();
    RawNode expanded = Expander.ofEnvironment(env, problems).expandTree(merged == null ? RawNode.map(null, 0) : merged, "");
    ConfigNode root = new ConfigNode(expanded, "", problems);
    CollectorConfig config = bind(root, problems);
    problems.throwIfErrors();
    return new Result(config, problems.warnings());
  }

  /** Loads YAML text, for tests and embedders. */
  public Result load(String name, String yaml) {
    return load(List.of(Source.text(name, yaml)), List.of());
  }

  /** Applies {@code a.b.c=value} ({@code a::b::c=value} too, for keys holding dots). */
  static RawNode applyOverride(@Nullable RawNode root, String override, ConfigProblems problems) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      problems.error("", "--set \"" + override + "\" (expected: key.path=value)", "--set");
      return root;
    }
    String keyPath = override.substring(0, eq);
    String[] keys = keyPath.contains("::") ? keyPath.split("::", -1) : keyPath.split("\\.", -1);
    for (String k : keys) {
      if (k.isEmpty()) {
        problems.error("", "--set \"" + override + "\": empty key in path (expected: key.path=value)", "--set");
        return root;
      }
    }
    String valueText = override.substring(eq + 1);
    // "key=" sets null (the default), as an empty YAML value does; an empty document is not a map.
    RawNode value = valueText.isBlank() ? RawNode.nullNode("--set " + keyPath, 1)
        : YamlParser.parse(valueText, "--set " + keyPath, problems);
    if (value == null) {
      return root;
    }
    RawNode patch = value;
    for (int i = keys.length - 1; i >= 0; i--) {
      RawNode m = RawNode.map("--set", 0);
      m.map.put(keys[i], patch);
      patch = m;
    }
    return RawNode.merge(root, patch);
  }

  private CollectorConfig bind(ConfigNode root, ConfigProblems problems) {
    for (String key : root.keys()) {
      if (!TOP_LEVEL_KEYS.contains(key)) {
        String hint = key.equals("connectors") ? "connectors are not supported yet" : null;
        root.problem(key, hint != null ? "unknown key: " + hint
            : ConfigNode.unknownKeyMessage(key, new java.util.TreeSet<>(TOP_LEVEL_KEYS)));
      }
    }
    Map<Kind, Map<ComponentId, ComponentConfig>> components = new EnumMap<>(Kind.class);
    Map<Kind, Map<ComponentId, ComponentFactory<?>>> factories = new EnumMap<>(Kind.class);
    // Components defined with an error already reported (unknown type, settings not a map): the
    // pipelines naming them are not told again that they are "not configured".
    Map<Kind, Set<ComponentId>> broken = new EnumMap<>(Kind.class);
    Map<Kind, ConfigNode> sections = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      Map<ComponentId, ComponentConfig> configs = new LinkedHashMap<>();
      Map<ComponentId, ComponentFactory<?>> fs = new LinkedHashMap<>();
      Set<ComponentId> bad = new HashSet<>();
      broken.put(kind, bad);
      ConfigNode section = root.child(kind.section());
      sections.put(kind, section);
      for (Map.Entry<String, ConfigNode> e : section.entries().entrySet()) {
        ConfigNode node = e.getValue();
        ComponentId id;
        try {
          id = ComponentId.parse(e.getKey());
        } catch (IllegalArgumentException ex) {
          section.problem(e.getKey(), ex.getMessage());
          continue;
        }
        ComponentFactory<?> f = registry.factory(kind, id.type());
        if (f == null) {
          section.problem(e.getKey(), registry.unknownTypeMessage(kind, id.type()));
          bad.add(id);
          continue;
        }
        if (node.isPresent() && !node.isMap()) {
          node.problem(null, node.describe() + " (expected: a map of settings for " + kind.word() + " \"" + id + "\")");
          bad.add(id);
          continue;
        }
        ComponentConfig c;
        try {
          c = f.parseConfig(node);
        } catch (RuntimeException ex) {
          node.problem(null, "cannot bind config: " + ex);
          bad.add(id);
          continue;
        }
        node.reportUnknownKeys();
        configs.put(id, c);
        fs.put(id, f);
      }
      components.put(kind, configs);
      factories.put(kind, fs);
    }
    ServiceConfig service = bindService(root.child("service"), sections, factories, broken, problems);
    return new CollectorConfig(components.get(Kind.RECEIVER), components.get(Kind.PROCESSOR),
        components.get(Kind.EXPORTER), components.get(Kind.EXTENSION), service);
  }

  private ServiceConfig bindService(ConfigNode service, Map<Kind, ConfigNode> sections, Map<Kind, Map<ComponentId, ComponentFactory<?>>> factories,
      Map<Kind, Set<ComponentId>> broken, ConfigProblems problems) {
    Set<ComponentId> used = new HashSet<>();
    List<ComponentId> extensions = idList(service, "extensions", Kind.EXTENSION, factories, broken, null, used);
    Map<PipelineId, PipelineConfig> pipelines = new LinkedHashMap<>();
    ConfigNode pipelinesNode = service.child("pipelines");
    for (Map.Entry<String, ConfigNode> e : pipelinesNode.entries().entrySet()) {
      PipelineId pid = parsePipelineId(e.getKey(), pipelinesNode);
      ConfigNode p = e.getValue();
      if (pid == null) {
        p.toPlain(); // its keys are not checked further: the one error is the id
        continue;
      }
      if (!p.isMap()) {
        p.problem(null, p.describe() + " (expected: a map with receivers, processors and exporters)");
        continue;
      }
      List<ComponentId> receivers = idList(p, "receivers", Kind.RECEIVER, factories, broken, pid.signal(), used);
      List<ComponentId> processors = idList(p, "processors", Kind.PROCESSOR, factories, broken, pid.signal(), used);
      List<ComponentId> exporters = idList(p, "exporters", Kind.EXPORTER, factories, broken, pid.signal(), used);
      pipelines.put(pid, new PipelineConfig(receivers, processors, exporters));
    }
    // Judged on what was written, not on what bound, so that it is reported along with other errors
    // and not as a consequence of them.
    if (pipelinesNode.keys().isEmpty()) {
      pipelinesNode.problem(null, "service must have at least one pipeline");
    }
    TelemetryConfig telemetry = bindTelemetry(service.child("telemetry"));
    service.reportUnknownKeys();
    for (Kind kind : Kind.values()) {
      for (ComponentId id : factories.get(kind).keySet()) {
        if (!used.contains(qualified(kind, id))) {
          String where = kind == Kind.EXTENSION ? "service.extensions" : "any pipeline";
          // Through the section's node, so that the warning names the file and line of the definition.
          sections.get(kind).warning(id.toString(), kind.word() + " \"" + id + "\" is defined but not used in " + where
              + "; it will not run");
        }
      }
    }
    return new ServiceConfig(extensions, pipelines, telemetry);
  }

  // Marks ids as used per kind: a receiver and an exporter may share an id such as "otlp".
  private static ComponentId qualified(Kind kind, ComponentId id) {
    return ComponentId.of(kind.word() + "_" + id.type(), id.name());
  }

  private static @Nullable PipelineId parsePipelineId(String text, ConfigNode pipelines) {
    int slash = text.indexOf('/');
    String signalText = slash < 0 ? text : text.substring(0, slash);
    Signal s = Signal.fromConfigName(signalText);
    if (s == null) {
      pipelines.problem(text, "unknown signal \"" + signalText + "\" in pipeline id (expected: traces, metrics or logs, optionally followed by /name)");
      return null;
    }
    String name = slash < 0 ? "" : text.substring(slash + 1);
    if (slash >= 0 && name.isEmpty()) {
      pipelines.problem(text, "the part after / should not be empty in pipeline id (expected: signal/name)");
      return null;
    }
    return new PipelineId(s, name);
  }

  private List<ComponentId> idList(ConfigNode node, String key, Kind kind,
      Map<Kind, Map<ComponentId, ComponentFactory<?>>> factories, Map<Kind, Set<ComponentId>> broken,
      @Nullable Signal signal, Set<ComponentId> used) {
    List<String> texts = node.stringList(key, List.of());
    if (texts.isEmpty() && signal != null && kind != Kind.PROCESSOR && (!node.has(key) || node.raw(key) instanceof List)) {
      node.problem(key, "pipeline must have at least one " + kind.word());
    }
    List<ComponentId> out = new ArrayList<>();
    Set<ComponentId> seen = new HashSet<>();
    for (String text : texts) {
      ComponentId id;
      try {
        id = ComponentId.parse(text);
      } catch (IllegalArgumentException e) {
        node.problem(key, e.getMessage());
        continue;
      }
      ComponentFactory<?> f = factories.get(kind).get(id);
      if (f == null) {
        if (broken.get(kind).contains(id)) {
          used.add(qualified(kind, id)); // its definition's error is reported already
          continue;
        }
        node.problem(key, "references " + kind.word() + " \"" + id + "\" which is not configured"
            + (factories.get(kind).isEmpty() ? " (the " + kind.section() + " section is empty)"
                : " (expected: one of " + join(factories.get(kind).keySet()) + ")"));
        continue;
      }
      if (!seen.add(id)) {
        node.problem(key, "references " + kind.word() + " \"" + id + "\" more than once");
        continue;
      }
      if (signal != null && !f.signals().containsKey(signal)) {
        node.problem(key, UnsupportedSignalException.message(kind, f.type(), signal, f.signals().keySet()));
        continue;
      }
      used.add(qualified(kind, id));
      out.add(id);
    }
    return out;
  }

  private static String join(Set<ComponentId> ids) {
    List<String> s = new ArrayList<>();
    ids.forEach(i -> s.add(i.toString()));
    return String.join(", ", s);
  }

  private static TelemetryConfig bindTelemetry(ConfigNode t) {
    TelemetryConfig d = TelemetryConfig.defaults();
    ConfigNode metrics = t.child("metrics");
    TelemetryConfig.MetricsLevel level = metrics.enumValue("level", TelemetryConfig.MetricsLevel.class, d.metricsLevel());
    List<String> endpoints = new ArrayList<>();
    String address = metrics.stringOrNull("address");
    if (address != null) {
      if (!address.contains(":")) {
        metrics.problem("address", "\"" + address + "\" (expected: host:port, e.g. localhost:8888)");
      } else {
        endpoints.add(address);
      }
    }
    for (ConfigNode reader : metrics.list("readers")) {
      ConfigNode pull = reader.child("pull");
      if (!pull.isPresent()) {
        reader.problem(null, "only pull readers are supported (expected: pull: {exporter: {prometheus: {host, port}}})");
        reader.toPlain(); // one error for the reader, not one more per key in it
        continue;
      }
      ConfigNode exporter = pull.child("exporter");
      ConfigNode prom = exporter.child("prometheus");
      if (!prom.isPresent()) {
        pull.problem("exporter", "only the prometheus pull exporter is supported (expected: exporter: {prometheus: {host, port}})");
        exporter.toPlain();
        continue;
      }
      String host = prom.string("host", "localhost");
      int port = prom.intValue("port", 8888);
      prom.bool("without_units", false);
      prom.bool("without_type_suffix", false);
      prom.bool("without_scope_info", false);
      if (port < 0 || port > 65535) {
        prom.problem("port", port + " (expected: a port between 0 and 65535)");
      }
      endpoints.add((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }
    if (address == null && !metrics.has("readers")) {
      endpoints.addAll(d.metricsEndpoints());
    }
    if (level == TelemetryConfig.MetricsLevel.NONE) {
      endpoints.clear();
    }
    ConfigNode logs = t.child("logs");
    // Any case, as zap (the collector's logger) accepts "info" and "INFO".
    String levelText = logs.string("level", "info");
    Logger.Level logsLevel = Logger.Level.parse(levelText);
    if (logsLevel == null) {
      logs.problem("level", "\"" + levelText + "\" (expected: one of debug, info, warn, error)");
    }
    String encoding = logs.oneOf("encoding", "console", "console", "json");
    return new TelemetryConfig(level, endpoints, logsLevel == null ? Logger.Level.INFO : logsLevel, encoding);
  }
}
