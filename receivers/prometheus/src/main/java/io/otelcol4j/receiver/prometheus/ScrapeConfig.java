package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.prometheus.relabel.RelabelConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code scrape_configs}, as Prometheus defines it. Durations left unset take the
 * {@code global} values (a timeout never exceeds an unset interval); limits of 0 mean no limit.
 *
 * @param jobName {@code job_name}, required and unique: the {@code job} label of every target
 * @param scrapeInterval {@code scrape_interval}, default {@code global.scrape_interval}
 * @param scrapeTimeout {@code scrape_timeout}, default {@code global.scrape_timeout}, at most the interval
 * @param metricsPath {@code metrics_path}, default {@value #DEFAULT_METRICS_PATH}
 * @param scheme {@code scheme}, {@code http} (default) or {@code https}
 * @param params {@code params}: URL query parameters sent with every scrape
 * @param honorLabels {@code honor_labels}: on a clash, keep the page's label over the target's
 * @param honorTimestamps {@code honor_timestamps}, default true: use timestamps written on the page
 * @param sampleLimit {@code sample_limit}: more samples after metric relabeling fail the scrape
 * @param labelLimit {@code label_limit}: more labels on one sample fail the scrape
 * @param labelNameLengthLimit {@code label_name_length_limit}
 * @param labelValueLengthLimit {@code label_value_length_limit}
 * @param bodySizeLimit {@code body_size_limit}: a larger (uncompressed) page fails the scrape
 * @param basicAuth {@code basic_auth}, or null
 * @param authorization {@code authorization}, or the legacy {@code bearer_token(_file)} as one, or null
 * @param tls {@code tls_config}
 * @param staticConfigs {@code static_configs}
 * @param fileSdConfigs {@code file_sd_configs}
 * @param kubernetesSdConfigs {@code kubernetes_sd_configs}
 * @param relabelConfigs {@code relabel_configs}, applied to targets
 * @param metricRelabelConfigs {@code metric_relabel_configs}, applied to every scraped sample
 */
public record ScrapeConfig(
    String jobName,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    boolean honorLabels,
    boolean honorTimestamps,
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long bodySizeLimit,
    @Nullable BasicAuth basicAuth,
    @Nullable Authorization authorization,
    TlsConfig tls,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<KubernetesSdConfig> kubernetesSdConfigs,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs) {
  /** Default of {@code metrics_path}. */
  public static final String DEFAULT_METRICS_PATH = "/metrics";
  /** Default of {@code scheme}. */
  public static final String DEFAULT_SCHEME = "http";
  /** Default of {@code honor_timestamps}. */
  public static final boolean DEFAULT_HONOR_TIMESTAMPS = true;
  /** Default of {@code file_sd_configs[].refresh_interval}: 5m. */
  public static final Duration DEFAULT_FILE_SD_REFRESH = Duration.ofMinutes(5);

  // Prometheus's file_sd pattern: at most one '*' and only in the last path element.
  private static final Pattern FILE_SD_PATH = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");

  public ScrapeConfig {
    params = Map.copyOf(params);
    staticConfigs = List.copyOf(staticConfigs);
    fileSdConfigs = List.copyOf(fileSdConfigs);
    kubernetesSdConfigs = List.copyOf(kubernetesSdConfigs);
    relabelConfigs = List.copyOf(relabelConfigs);
    metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
  }

  /** {@code basic_auth}: exactly one of password and password_file may be set. */
  public record BasicAuth(String username, String password, @Nullable String passwordFile) {}

  /** {@code authorization}: an {@code Authorization: <type> <credentials>} header. */
  public record Authorization(String type, String credentials, @Nullable String credentialsFile) {}

  /** {@code tls_config}; PEM files. */
  public record TlsConfig(@Nullable String caFile, @Nullable String certFile, @Nullable String keyFile,
      @Nullable String serverName, boolean insecureSkipVerify) {
    static final TlsConfig NONE = new TlsConfig(null, null, null, null, false);
  }

  /** One {@code static_configs} entry: targets ({@code host:port}) and labels for all of them. */
  public record StaticConfig(List<String> targets, Map<String, String> labels) {
    public StaticConfig {
      targets = List.copyOf(targets);
      labels = Map.copyOf(labels);
    }
  }

  /** One {@code file_sd_configs} entry: file globs, re-read on change and every refresh interval. */
  public record FileSdConfig(List<String> files, Duration refreshInterval) {
    public FileSdConfig {
      files = List.copyOf(files);
    }
  }

  /** Binds one scrape config; null when it has no usable job name (the problem is reported). */
  static @Nullable ScrapeConfig from(ConfigNode node, PrometheusReceiverConfig.Global global) {
    String job = node.string("job_name", "");
    Duration interval = node.duration("scrape_interval", global.scrapeInterval());
    Duration timeout = node.duration("scrape_timeout", Duration.ZERO);
    if (interval.isZero()) {
      node.problem("scrape_interval", "0s (expected: a positive duration, e.g. 15s)");
      interval = global.scrapeInterval();
    }
    if (timeout.isZero()) {
      timeout = global.scrapeTimeout().compareTo(interval) > 0 ? interval : global.scrapeTimeout();
    } else if (timeout.compareTo(interval) > 0) {
      node.problem("scrape_timeout", "scrape timeout greater than scrape interval for scrape config with job name \"" + job + "\"");
    }
    String metricsPath = node.string("metrics_path", DEFAULT_METRICS_PATH);
    String scheme = node.oneOf("scheme", DEFAULT_SCHEME, "http", "https");
    Map<String, List<String>> params = new LinkedHashMap<>();
    ConfigNode p = node.child("params");
    for (String k : p.keys()) {
      params.put(k, p.stringList(k, List.of()));
    }
    boolean honorLabels = node.bool("honor_labels", false);
    boolean honorTimestamps = node.bool("honor_timestamps", DEFAULT_HONOR_TIMESTAMPS);
    long sampleLimit = nonNegative(node, "sample_limit");
    long labelLimit = nonNegative(node, "label_limit");
    long nameLimit = nonNegative(node, "label_name_length_limit");
    long valueLimit = nonNegative(node, "label_value_length_limit");
    long bodyLimit = node.bytes("body_size_limit", 0);

    BasicAuth basic = null;
    if (node.has("basic_auth")) {
      ConfigNode b = node.child("basic_auth");
      String password = b.string("password", "");
      String passwordFile = b.stringOrNull("password_file");
      basic = new BasicAuth(b.string("username", ""), password, passwordFile);
      if (!password.isEmpty() && passwordFile != null) {
        b.problem(null, "at most one of basic_auth password & password_file must be configured");
      }
    } else {
      node.child("basic_auth");
    }
    Authorization authorization = null;
    if (node.has("authorization")) {
      ConfigNode a = node.child("authorization");
      String type = a.string("type", "Bearer");
      String credentials = a.string("credentials", "");
      String credentialsFile = a.stringOrNull("credentials_file");
      if (type.strip().equalsIgnoreCase("basic")) {
        a.problem("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      if (!credentials.isEmpty() && credentialsFile != null) {
        a.problem(null, "at most one of authorization credentials & credentials_file must be configured");
      }
      authorization = new Authorization(type.strip(), credentials, credentialsFile);
    } else {
      node.child("authorization");
    }
    String bearer = node.string("bearer_token", "");
    String bearerFile = node.stringOrNull("bearer_token_file");
    if (!bearer.isEmpty() || bearerFile != null) {
      if (!bearer.isEmpty() && bearerFile != null) {
        node.problem(null, "at most one of bearer_token & bearer_token_file must be configured");
      } else if (authorization != null) {
        node.problem(null, "authorization is not compatible with bearer_token & bearer_token_file");
      } else if (basic != null) {
        node.problem(null, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
      }
      if (authorization == null) {
        authorization = new Authorization("Bearer", bearer, bearerFile);
      }
    } else if (basic != null && authorization != null) {
      node.problem(null, "at most one of basic_auth, oauth2 & authorization must be configured");
    }
    TlsConfig tls = TlsConfig.NONE;
    ConfigNode t = node.child("tls_config");
    if (t.isPresent()) {
      tls = new TlsConfig(t.stringOrNull("ca_file"), t.stringOrNull("cert_file"), t.stringOrNull("key_file"),
          t.stringOrNull("server_name"), t.bool("insecure_skip_verify", false));
      if ((tls.certFile() == null) != (tls.keyFile() == null)) {
        t.problem(null, tls.certFile() == null
            ? "exactly one of key or key_file must be configured when a client certificate is configured"
            : "exactly one of cert or cert_file must be configured when a client key is configured");
      }
    }

    List<StaticConfig> statics = new ArrayList<>();
    for (ConfigNode s : node.list("static_configs")) {
      List<String> targets = s.stringList("targets", List.of());
      for (int i = 0; i < targets.size(); i++) {
        if (targets.get(i).contains("/")) {
          s.problem("targets[" + i + "]", "\"" + targets.get(i) + "\" is not a valid hostname");
        }
      }
      statics.add(new StaticConfig(targets, labels(s)));
    }
    List<FileSdConfig> files = new ArrayList<>();
    for (ConfigNode f : node.list("file_sd_configs")) {
      List<String> globs = f.stringList("files", List.of());
      for (int i = 0; i < globs.size(); i++) {
        if (!FILE_SD_PATH.matcher(globs.get(i)).matches()) {
          f.problem("files[" + i + "]", "path name \"" + globs.get(i) + "\" is not valid for file discovery");
        }
      }
      Duration refresh = f.duration("refresh_interval", DEFAULT_FILE_SD_REFRESH);
      if (refresh.isZero()) {
        f.problem("refresh_interval", "0s (expected: a positive duration, e.g. 5m)");
        refresh = DEFAULT_FILE_SD_REFRESH;
      }
      if (globs.isEmpty() && !f.has("files")) {
        f.problem(null, "file service discovery config must contain at least one path name");
      }
      files.add(new FileSdConfig(globs, refresh));
    }
    List<KubernetesSdConfig> kubernetes = new ArrayList<>();
    for (ConfigNode k : node.list("kubernetes_sd_configs")) {
      KubernetesSdConfig c = KubernetesSdConfig.from(k);
      if (c != null) {
        kubernetes.add(c);
      }
    }
    List<RelabelConfig> relabel = node.list("relabel_configs").stream().map(RelabelConfig::from).toList();
    List<RelabelConfig> metricRelabel = node.list("metric_relabel_configs").stream().map(RelabelConfig::from).toList();

    if (job.isEmpty()) {
      node.problem(null, "job_name is empty");
      return null;
    }
    return new ScrapeConfig(job, interval, timeout, metricsPath, scheme, params, honorLabels, honorTimestamps,
        sampleLimit, labelLimit, nameLimit, valueLimit, bodyLimit, basic, authorization, tls, statics, files,
        kubernetes, relabel, metricRelabel);
  }

  private static Map<String, String> labels(ConfigNode node) {
    Map<String, String> labels = new LinkedHashMap<>(node.stringMap("labels"));
    for (String name : List.copyOf(labels.keySet())) {
      if (!LabelNames.isValid(name)) {
        node.problem("labels." + name, "\"" + name + "\" is not a valid label name");
        labels.remove(name);
      }
    }
    return labels;
  }

  private static long nonNegative(ConfigNode node, String key) {
    long v = node.longValue(key, 0);
    if (v < 0) {
      node.problem(key, v + " (expected: a non-negative integer; 0 means no limit)");
      return 0;
    }
    return v;
  }
}
