package io.otelcol4j.processor.k8sattributes;

import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.FieldExtract;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** One compiled {@code extract.labels} or {@code extract.annotations} rule. */
final class FieldRule {
  private final String tagName;
  private final String key;
  private final @Nullable Pattern keyRegex;
  private final boolean hasGroupReference;
  /** {@code k8s.<from>.labels.} or {@code k8s.<from>.annotations.}: the default tag name's prefix. */
  private final String defaultPrefix;
  final boolean fromLabels;
  final String from;

  FieldRule(FieldExtract config, boolean fromLabels) {
    this.fromLabels = fromLabels;
    this.from = config.from();
    this.defaultPrefix = "k8s." + config.from() + "." + (fromLabels ? "labels" : "annotations") + ".";
    this.key = config.key();
    this.keyRegex = config.keyRegex().isEmpty() ? null
        : K8sAttributesProcessorConfig.compileUnchecked(config.keyRegex(), true);
    this.hasGroupReference = keyRegex != null && keyRegex.matcher("").groupCount() > 0;
    this.tagName = config.tagName().isEmpty() && !key.isEmpty() ? defaultPrefix + key : config.tagName();
  }

  /**
   * Appends {@code name, value} pairs for the matching keys of {@code values} (labels or
   * annotations) to {@code out}; names are interned, as many pods share them.
   */
  void extract(@Nullable Map<String, String> values, List<String> out) {
    if (values == null || values.isEmpty()) {
      return;
    }
    if (keyRegex == null) {
      String v = values.get(key);
      if (v != null && !key.isEmpty()) {
        out.add(tagName.intern());
        out.add(v);
      }
      return;
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (v == null || v.isEmpty()) {
        continue;
      }
      Matcher m = keyRegex.matcher(k);
      if (!m.matches()) {
        continue;
      }
      String name = tagName;
      if (hasGroupReference && !tagName.isEmpty()) {
        // The regex matches the whole key, so replacing the match expands the template ($1, ${name}).
        // In collector config these are written $$1 and $${name}: the config loader turns $$ into $.
        name = m.replaceFirst(tagName);
      }
      if (name.isEmpty()) {
        name = defaultPrefix + k;
      }
      out.add(name.intern());
      out.add(v);
    }
  }
}
