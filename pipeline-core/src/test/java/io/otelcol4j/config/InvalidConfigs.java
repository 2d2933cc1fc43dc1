package io.otelcol4j.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code testdata/invalid_configs.yaml}-style files: each top-level key starts a section
 * whose body, indented by two spaces, is one whole config. A section's text keeps the file's line
 * numbers (other lines are blank), so locations in messages are the file's own lines.
 */
final class InvalidConfigs {
  private InvalidConfigs() {}

  static Map<String, String> sections(String resource) {
    String text;
    try (InputStream in = InvalidConfigs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] lines = text.split("\n", -1);
    Map<String, String> out = new LinkedHashMap<>();
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (!l.isEmpty() && !l.startsWith(" ") && !l.startsWith("#")) {
        starts.add(i);
      }
    }
    for (int s = 0; s < starts.size(); s++) {
      int from = starts.get(s);
      int to = s + 1 < starts.size() ? starts.get(s + 1) : lines.length;
      String name = lines[from].substring(0, lines[from].indexOf(':'));
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines.length; i++) {
        if (i > from && i < to) {
          sb.append(lines[i].startsWith("  ") ? lines[i].substring(2) : lines[i]);
        }
        sb.append('\n');
      }
      out.put(name, sb.toString());
    }
    return out;
  }
}
