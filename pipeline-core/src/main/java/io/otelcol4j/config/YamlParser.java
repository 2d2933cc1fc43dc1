package io.otelcol4j.config;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML 1.2 (SnakeYAML Engine's composer, so every node keeps its line) into a
 * {@link RawNode} tree. Syntax errors and duplicate keys become problems naming the file and line.
 */
final class YamlParser {
  private YamlParser() {}

  /** The tree, or null (with a problem recorded) when the text is not valid YAML. */
  static @Nullable RawNode parse(String text, String sourceName, ConfigProblems problems) {
    // The core schema, as YAML 1.2 (and the collector's go-yaml) reads plain scalars: "~", "null",
    // "Null" and an empty value are null. The engine's default JSON schema knows only "null".
    LoadSettings settings = LoadSettings.builder().setLabel(sourceName).setAllowDuplicateKeys(false)
        .setSchema(new CoreSchema()).setMaxAliasesForCollections(100).build();
    Optional<Node> root;
    try {
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
      String where = m == null ? sourceName : sourceName + ":" + (m.getLine() + 1);
      // The context says what was open, e.g. "while parsing a flow mapping" started two lines up.
      String context = e.getContext() == null || e.getContext().isEmpty() ? ""
          : " (" + e.getContext() + e.getContextMark().map(c -> " started at line " + (c.getLine() + 1)).orElse("") + ")";
      problems.error("", "not valid YAML: " + e.getProblem().strip() + context, where);
      return null;
    } catch (YamlEngineException e) {
      problems.error("", "not valid YAML: " + e.getMessage(), sourceName);
      return null;
    }
    if (root.isEmpty()) {
      return RawNode.map(sourceName, 1);
    }
    return convert(root.get(), sourceName, "", problems, new IdentityHashMap<>());
  }

  private static RawNode convert(Node node, String source, String path, ConfigProblems problems,
      Map<Node, Boolean> onStack) {
    int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    if (onStack.put(node, Boolean.TRUE) != null) {
      problems.error(path, "recursive YAML alias (expected: a tree)", source + ":" + line);
      return RawNode.nullNode(source, line);
    }
    try {
      if (node instanceof MappingNode) {
        RawNode out = RawNode.map(source, line);
        for (NodeTuple t : ((MappingNode) node).getValue()) {
          Node k = t.getKeyNode();
          int keyLine = k.getStartMark().map(m -> m.getLine() + 1).orElse(line);
          if (!(k instanceof ScalarNode)) {
            problems.error(path, "a map key must be a scalar", source + ":" + keyLine);
            continue;
          }
          String key = ((ScalarNode) k).getValue();
          String childPath = path.isEmpty() ? key : path + "." + key;
          if (out.map.containsKey(key)) {
            problems.error(childPath, "duplicate key (expected: each key once per map)", source + ":" + keyLine);
            continue;
          }
          out.map.put(key, convert(t.getValueNode(), source, childPath, problems, onStack));
        }
        return out;
      }
      if (node instanceof SequenceNode) {
        RawNode out = RawNode.list(source, line);
        int i = 0;
        for (Node item : ((SequenceNode) node).getValue()) {
          out.list.add(convert(item, source, path + "[" + i++ + "]", problems, onStack));
        }
        return out;
      }
      ScalarNode s = (ScalarNode) node;
      boolean plain = s.getScalarStyle() == ScalarStyle.PLAIN;
      if (plain && s.getTag().equals(Tag.NULL)) {
        return RawNode.nullNode(source, line);
      }
      return RawNode.scalar(s.getValue(), !plain, source, line);
    } finally {
      onStack.remove(node);
    }
  }
}
