package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Config of the {@code prometheus} receiver: the Prometheus server's own config under
 * {@code config:}, with {@code global} and {@code scrape_configs} (see {@link ScrapeConfig}).
 *
 * <pre>{@code
 * receivers:
 *   prometheus:
 *     config:
 *       global: {scrape_interval: 15s}
 *       scrape_configs:
 *         - job_name: node
 *           static_configs: [{targets: ["127.0.0.1:9100"]}]
 * }</pre>
 *
 * @param global the {@code global} section: defaults for every scrape config
 * @param scrapeConfigs the scrape configs, each with its defaults resolved from {@code global}
 */
public record PrometheusReceiverConfig(Global global, List<ScrapeConfig> scrapeConfigs) implements ComponentConfig {
  /** Default of {@code global.scrape_interval}: {@value #DEFAULT_SCRAPE_INTERVAL_TEXT}. */
  public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofMinutes(1);
  /** Text of {@link #DEFAULT_SCRAPE_INTERVAL}. */
  public static final String DEFAULT_SCRAPE_INTERVAL_TEXT = "1m";
  /** Default of {@code global.scrape_timeout}: {@value #DEFAULT_SCRAPE_TIMEOUT_TEXT}. */
  public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(10);
  /** Text of {@link #DEFAULT_SCRAPE_TIMEOUT}. */
  public static final String DEFAULT_SCRAPE_TIMEOUT_TEXT = "10s";

  public PrometheusReceiverConfig {
    scrapeConfigs = List.copyOf(scrapeConfigs);
  }

  /**
   * Prometheus's {@code global} section.
   *
   * @param scrapeInterval how often targets are scraped unless a scrape config says otherwise
   * @param scrapeTimeout how long a scrape may take unless a scrape config says otherwise
   * @param externalLabels labels added to every data point that does not already carry them
   */
  public record Global(Duration scrapeInterval, Duration scrapeTimeout, Map<String, String> externalLabels) {
    public Global {
      externalLabels = Map.copyOf(externalLabels);
    }

    /** The defaults: 1m interval, 10s timeout, no external labels. */
    public static Global defaults() {
      return new Global(DEFAULT_SCRAPE_INTERVAL, DEFAULT_SCRAPE_TIMEOUT, Map.of());
    }

    static Global from(ConfigNode node) {
      Duration interval = node.duration("scrape_interval", DEFAULT_SCRAPE_INTERVAL);
      Duration timeout = node.duration("scrape_timeout", DEFAULT_SCRAPE_TIMEOUT);
      if (interval.isZero()) {
        node.problem("scrape_interval", "0s (expected: a positive duration, e.g. 15s)");
        interval = DEFAULT_SCRAPE_INTERVAL;
      }
      if (timeout.isZero()) {
        node.problem("scrape_timeout", "0s (expected: a positive duration, e.g. 10s)");
        timeout = DEFAULT_SCRAPE_TIMEOUT;
      }
      if (!node.has("scrape_timeout") && timeout.compareTo(interval) > 0) {
        // As Prometheus: an unset global timeout never exceeds the interval.
        timeout = interval;
      }
      if (timeout.compareTo(interval) > 0) {
        node.problem(null, "global scrape timeout greater than scrape interval");
      }
      Map<String, String> external = new LinkedHashMap<>(node.stringMap("external_labels"));
      for (String name : List.copyOf(external.keySet())) {
        if (!LabelNames.isValid(name)) {
          node.problem("external_labels." + name, "\"" + name + "\" is not a valid label name");
          external.remove(name);
        }
      }
      return new Global(interval, timeout, external);
    }
  }

  /** Binds the receiver node: its only key is {@code config}. */
  public static PrometheusReceiverConfig from(ConfigNode node) {
    ConfigNode config = node.child("config");
    Global global = Global.from(config.child("global"));
    List<ScrapeConfig> scrapeConfigs = new ArrayList<>();
    Set<String> jobs = new HashSet<>();
    for (ConfigNode sc : config.list("scrape_configs")) {
      ScrapeConfig c = ScrapeConfig.from(sc, global);
      if (c == null) {
        continue;
      }
      if (!jobs.add(c.jobName())) {
        sc.problem("job_name", "found multiple scrape configs with job name \"" + c.jobName() + "\"");
        continue;
      }
      scrapeConfigs.add(c);
    }
    return new PrometheusReceiverConfig(global, scrapeConfigs);
  }
}
