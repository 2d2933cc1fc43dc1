package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.prometheus.relabel.LabelsBuilder;
import io.otelcol4j.prometheus.relabel.Relabeler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A scrape target after relabeling: its labels (no {@code __meta_*}), scrape URL, interval and
 * timeout. Two targets with the same labels are the same target.
 *
 * @param labels every label after relabeling, sorted, including the {@code __} ones that remain
 * @param publicLabels the labels not starting with {@code __}, as alternating names and values
 */
record Target(Map<String, String> labels, String[] publicLabels, URI url, String scheme, Duration interval,
    Duration timeout) {

  @Override
  public boolean equals(Object o) {
    return o instanceof Target && ((Target) o).labels.equals(labels);
  }

  @Override
  public int hashCode() {
    return labels.hashCode();
  }

  @Override
  public String toString() {
    return url.toString();
  }

  /** The outcome of building a target: a target, a drop by relabeling, or an error. */
  record Result(@Nullable Target target, @Nullable String error) {}

  /**
   * Prometheus's {@code PopulateLabels}: scrape-config defaults for the reserved labels, then
   * {@code relabel_configs}, then checks, dropping {@code __meta_*} and defaulting {@code instance}.
   *
   * @param discovered the target's labels merged over its group's labels
   */
  static Result build(ScrapeConfig config, Relabeler relabeler, Map<String, String> discovered) {
    LabelsBuilder lb = new LabelsBuilder();
    discovered.forEach(lb::set);
    setIfAbsent(lb, LabelNames.JOB, config.jobName());
    setIfAbsent(lb, LabelNames.SCRAPE_INTERVAL, promDuration(config.scrapeInterval()));
    setIfAbsent(lb, LabelNames.SCRAPE_TIMEOUT, promDuration(config.scrapeTimeout()));
    setIfAbsent(lb, LabelNames.METRICS_PATH, config.metricsPath());
    setIfAbsent(lb, LabelNames.SCHEME, config.scheme());
    config.params().forEach((k, v) -> {
      if (!v.isEmpty()) {
        lb.set(LabelNames.PARAM_PREFIX + k, v.get(0));
      }
    });
    if (!relabeler.process(lb)) {
      return new Result(null, null);
    }
    String address = lb.get(LabelNames.ADDRESS);
    if (address.isEmpty()) {
      return new Result(null, "no address");
    }
    if (address.contains("/") || address.contains("@") || address.contains("?") || address.contains("#")) {
      return new Result(null, "invalid (host:port) address \"" + address + "\"");
    }
    Duration interval = parsePromDuration(lb.get(LabelNames.SCRAPE_INTERVAL));
    if (interval == null || interval.isZero() || interval.isNegative()) {
      return new Result(null, "error parsing scrape interval: \"" + lb.get(LabelNames.SCRAPE_INTERVAL) + "\"");
    }
    Duration timeout = parsePromDuration(lb.get(LabelNames.SCRAPE_TIMEOUT));
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      return new Result(null, "error parsing scrape timeout: \"" + lb.get(LabelNames.SCRAPE_TIMEOUT) + "\"");
    }
    if (timeout.compareTo(interval) > 0) {
      return new Result(null, "scrape timeout cannot be greater than scrape interval (\""
          + lb.get(LabelNames.SCRAPE_TIMEOUT) + "\" > \"" + lb.get(LabelNames.SCRAPE_INTERVAL) + "\")");
    }
    String scheme = lb.get(LabelNames.SCHEME);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return new Result(null, "invalid scheme \"" + scheme + "\"");
    }
    TreeMap<String, String> labels = new TreeMap<>();
    List<String> pub = new ArrayList<>();
    for (int i = 0; i < lb.size(); i++) {
      String n = lb.name(i);
      if (n.startsWith(LabelNames.META_PREFIX)) {
        continue;
      }
      labels.put(n, lb.value(i));
    }
    labels.putIfAbsent(LabelNames.INSTANCE, address);
    labels.forEach((n, v) -> {
      if (!n.startsWith(LabelNames.RESERVED_PREFIX)) {
        pub.add(n);
        pub.add(v);
      }
    });
    URI url;
    try {
      url = URI.create(scheme + "://" + address + pathOf(labels) + query(config, labels));
    } catch (IllegalArgumentException e) {
      return new Result(null, "invalid scrape URL for address \"" + address + "\": " + e.getMessage());
    }
    return new Result(new Target(Map.copyOf(labels), pub.toArray(new String[0]), url, scheme, interval, timeout),
        null);
  }

  private static String pathOf(Map<String, String> labels) {
    String path = labels.getOrDefault(LabelNames.METRICS_PATH, "");
    return path.startsWith("/") ? path : "/" + path;
  }

  /** The configured params, each replaced by a {@code __param_<name>} label's value when there is one. */
  private static String query(ScrapeConfig config, Map<String, String> labels) {
    TreeMap<String, List<String>> params = new TreeMap<>(config.params());
    labels.forEach((n, v) -> {
      if (n.startsWith(LabelNames.PARAM_PREFIX)) {
        String name = n.substring(LabelNames.PARAM_PREFIX.length());
        List<String> values = new ArrayList<>(params.getOrDefault(name, List.of()));
        if (values.isEmpty()) {
          values.add(v);
        } else {
          values.set(0, v);
        }
        params.put(name, values);
      }
    });
    StringBuilder sb = new StringBuilder();
    params.forEach((k, values) -> {
      for (String v : values) {
        sb.append(sb.length() == 0 ? '?' : '&').append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return sb.toString();
  }

  private static void setIfAbsent(LabelsBuilder lb, String name, String value) {
    if (lb.get(name).isEmpty()) {
      lb.set(name, value);
    }
  }

  /** A duration as Prometheus writes it: {@code 1m}, {@code 15s}, {@code 1m30s}, {@code 500ms}. */
  static String promDuration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long[] units = UNIT_MILLIS;
    String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i]) {
        sb.append(ms / units[i]).append(names[i]);
        ms %= units[i];
      }
    }
    return sb.toString();
  }

  private static final Pattern PROM_DURATION =
      Pattern.compile("^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
  private static final long[] UNIT_MILLIS = {365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000,
      3600_000, 60_000, 1000, 1};

  /** Parses a Prometheus duration ({@code 1d}, {@code 1m30s}, {@code 250ms}); null when malformed. */
  static @Nullable Duration parsePromDuration(String text) {
    Matcher m = PROM_DURATION.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return null;
    }
    long ms = 0;
    try {
      for (int i = 0; i < UNIT_MILLIS.length; i++) {
        if (m.group(i + 1) != null) {
          ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(m.group(i + 1)), UNIT_MILLIS[i]));
        }
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
    return Duration.ofMillis(ms);
  }

  static String[] sortedPairs(Map<String, String> m) {
    String[] out = new String[m.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
      out[i++] = e.getKey();
      out[i++] = e.getValue();
    }
    return Arrays.copyOf(out, i);
  }
}
