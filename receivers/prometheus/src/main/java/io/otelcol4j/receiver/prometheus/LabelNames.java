package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.prometheus.relabel.LabelNameScheme;

/** Prometheus's reserved label names and label-name validation. */
final class LabelNames {
  static final String NAME = "__name__";
  static final String JOB = "job";
  static final String INSTANCE = "instance";
  static final String ADDRESS = "__address__";
  static final String SCHEME = "__scheme__";
  static final String METRICS_PATH = "__metrics_path__";
  static final String SCRAPE_INTERVAL = "__scrape_interval__";
  static final String SCRAPE_TIMEOUT = "__scrape_timeout__";
  static final String PARAM_PREFIX = "__param_";
  static final String META_PREFIX = "__meta_";
  static final String RESERVED_PREFIX = "__";

  private LabelNames() {}

  /** As Prometheus 3: any non-empty valid UTF-8 name. */
  static boolean isValid(String name) {
    return LabelNameScheme.UTF8.isValid(name);
  }
}
