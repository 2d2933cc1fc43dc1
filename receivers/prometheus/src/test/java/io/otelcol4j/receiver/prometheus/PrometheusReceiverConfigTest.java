package io.otelcol4j.receiver.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.prometheus.relabel.Action;
import io.otelcol4j.prometheus.relabel.RelabelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrometheusReceiverConfigTest {
  private static final String SCRAPE_KEYS = "authorization, basic_auth, bearer_token, bearer_token_file, body_size_limit, file_sd_configs, honor_labels, honor_timestamps, job_name, kubernetes_sd_configs, label_limit, label_name_length_limit, label_value_length_limit, metric_relabel_configs, metrics_path, params, relabel_configs, sample_limit, scheme, scrape_interval, scrape_timeout, static_configs, tls_config";

  private final PrometheusReceiverFactory factory = new PrometheusReceiverFactory();

  @Test
  void emptyConfigBindsToDefaults() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("{}", "empty.yaml", "receivers.prometheus", problems);
    PrometheusReceiverConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(config).isEqualTo(factory.createDefaultConfig())
        .isEqualTo(new PrometheusReceiverConfig(PrometheusReceiverConfig.Global.defaults(), List.of()));
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    Map<String, ConfigNode> sections = sections("config.yaml", problems);

    assertThat(bind(sections.get("prometheus"))).isEqualTo(factory.createDefaultConfig());
    PrometheusReceiverConfig full = bind(sections.get("prometheus/full"));
    assertThat(problems.errors()).isEmpty();

    assertThat(full.global()).isEqualTo(
        new PrometheusReceiverConfig.Global(Duration.ofSeconds(30), Duration.ofSeconds(5), Map.of("cluster", "east")));
    assertThat(full.scrapeConfigs()).hasSize(4);
    assertThat(full.scrapeConfigs().get(0)).isEqualTo(new ScrapeConfig("node", Duration.ofSeconds(30),
        Duration.ofSeconds(5), "/metrics", "http", Map.of(), false, true, 0, 0, 0, 0, 0, null, null,
        ScrapeConfig.TlsConfig.NONE,
        List.of(new ScrapeConfig.StaticConfig(List.of("127.0.0.1:9100", "127.0.0.1:9101"), Map.of("env", "prod"))),
        List.of(), List.of(), List.of(), List.of()));
    assertThat(full.scrapeConfigs().get(1)).isEqualTo(new ScrapeConfig("app", Duration.ofSeconds(10),
        Duration.ofSeconds(2), "/prom", "https", Map.of("module", List.of("http_2xx")), true, false, 1000, 30, 100, 200,
        10L * 1024 * 1024, new ScrapeConfig.BasicAuth("user", "", "/etc/secret"), null,
        new ScrapeConfig.TlsConfig("/etc/ca.pem", null, null, "app.example", false), List.of(),
        List.of(new ScrapeConfig.FileSdConfig(List.of("/etc/targets/*.json"), Duration.ofMinutes(1))), List.of(),
        List.of(RelabelConfig.defaults().withSourceLabels("__address__").withTargetLabel("__param_target")),
        List.of(RelabelConfig.defaults().withSourceLabels("__name__").withRegex("go_.*").withAction(Action.DROP))));
    // An unset timeout takes the global one, capped by the job's interval.
    ScrapeConfig legacy = full.scrapeConfigs().get(2);
    assertThat(legacy.scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(legacy.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(legacy.authorization()).isEqualTo(new ScrapeConfig.Authorization("Bearer", "secret", null));
    assertThat(full.scrapeConfigs().get(3).kubernetesSdConfigs()).containsExactly(
        new KubernetesSdConfig(KubernetesSdConfig.Role.POD, null, null, List.of("shop", "web"), false,
            List.of(new KubernetesSdConfig.Selector(KubernetesSdConfig.Role.POD, "app=web", "spec.nodeName=node-a")),
            null, ScrapeConfig.TlsConfig.NONE),
        new KubernetesSdConfig(KubernetesSdConfig.Role.ENDPOINTS, "https://10.0.0.1:6443", null, List.of(), false,
            List.of(new KubernetesSdConfig.Selector(KubernetesSdConfig.Role.SERVICE, "team=payments", "")),
            "/var/token", new ScrapeConfig.TlsConfig("/etc/ca.pem", null, null, null, true)),
        new KubernetesSdConfig(KubernetesSdConfig.Role.NODE, null, "/etc/kube/config", List.of(), false, List.of(),
            null, ScrapeConfig.TlsConfig.NONE));
  }

  @Test
  void unsetTimeoutIsCappedByTheJobInterval() {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml("config: {scrape_configs: [{job_name: a, scrape_interval: 2s}]}", "c.yaml",
        "receivers.prometheus", problems);
    PrometheusReceiverConfig config = bind(node);
    assertThat(problems.errors()).isEmpty();
    assertThat(config.scrapeConfigs().get(0).scrapeTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  static Stream<Arguments> invalidConfigs() {
    String p = "receivers.prometheus/";
    return Stream.of(
        Arguments.argumentSet("timeout_over_interval", "prometheus/timeout_over_interval",
            p + "timeout_over_interval.config.scrape_configs[0].scrape_timeout: scrape timeout greater than scrape"
                + " interval for scrape config with job name \"slow\" [invalid_configs.yaml:7]"),
        Arguments.argumentSet("global_timeout_over_interval", "prometheus/global_timeout_over_interval",
            p + "global_timeout_over_interval.config.global: global scrape timeout greater than scrape interval"
                + " [invalid_configs.yaml:11]"),
        Arguments.argumentSet("duplicate_job", "prometheus/duplicate_job",
            p + "duplicate_job.config.scrape_configs[1].job_name: found multiple scrape configs with job name \"a\""
                + " [invalid_configs.yaml:17]"),
        Arguments.argumentSet("empty_job", "prometheus/empty_job",
            p + "empty_job.config.scrape_configs[0]: job_name is empty [invalid_configs.yaml:21]"),
        Arguments.argumentSet("bad_relabel", "prometheus/bad_relabel",
            p + "bad_relabel.config.scrape_configs[0].relabel_configs[0]: relabel configuration for replace action"
                + " requires 'target_label' value [invalid_configs.yaml:27]"),
        Arguments.argumentSet("bad_regex", "prometheus/bad_regex", p + "bad_regex.config.scrape_configs[0].metric_relabel_configs[0].regex: error parsing regexp: missing closing ): `(a` [invalid_configs.yaml:35]"),
        Arguments.argumentSet("unknown_key", "prometheus/unknown_key", p + "unknown_key.config.scrape_configs[0].scrape_intervals: unknown key; did you mean \"scrape_interval\"? (expected one of: " + SCRAPE_KEYS + ") [invalid_configs.yaml:41]"),
        Arguments.argumentSet("unknown_top_key", "prometheus/unknown_top_key", p + "unknown_top_key.endpoint: unknown key (expected one of: config) [invalid_configs.yaml:43]"),
        Arguments.argumentSet("consul_sd_not_supported", "prometheus/consul_sd_not_supported", p + "consul_sd_not_supported.config.scrape_configs[0].consul_sd_configs: unknown key (expected one of: " + SCRAPE_KEYS + ") [invalid_configs.yaml:49]"),
        Arguments.argumentSet("bad_scheme", "prometheus/bad_scheme", p + "bad_scheme.config.scrape_configs[0].scheme: \"ftp\" (expected: one of http, https) [invalid_configs.yaml:54]"),
        Arguments.argumentSet("bad_target", "prometheus/bad_target", p + "bad_target.config.scrape_configs[0].static_configs[0].targets[0]: \"http://127.0.0.1:9100/metrics\" is not a valid hostname [invalid_configs.yaml:60]"),
        Arguments.argumentSet("bad_file_sd_path", "prometheus/bad_file_sd_path", p + "bad_file_sd_path.config.scrape_configs[0].file_sd_configs[0].files[0]: path name \"/etc/targets/*.txt\" is not valid for file discovery [invalid_configs.yaml:66]"),
        Arguments.argumentSet("password_and_file", "prometheus/password_and_file", p + "password_and_file.config.scrape_configs[0].basic_auth: at most one of basic_auth password & password_file must be configured [invalid_configs.yaml:72]"),
        Arguments.argumentSet("authorization_basic", "prometheus/authorization_basic", p + "authorization_basic.config.scrape_configs[0].authorization.type: authorization type cannot be set to \"basic\", use \"basic_auth\" instead [invalid_configs.yaml:80]"),
        Arguments.argumentSet("bearer_and_authorization", "prometheus/bearer_and_authorization", p + "bearer_and_authorization.config.scrape_configs[0]: authorization is not compatible with bearer_token & bearer_token_file [invalid_configs.yaml:85]"),
        Arguments.argumentSet("negative_limit", "prometheus/negative_limit", p + "negative_limit.config.scrape_configs[0].sample_limit: -1 (expected: a non-negative integer; 0 means no limit) [invalid_configs.yaml:93]"),
        Arguments.argumentSet("k8s_role_missing", "prometheus/k8s_role_missing", p + "k8s_role_missing.config.scrape_configs[0].kubernetes_sd_configs[0]: role missing (one of: pod, service, endpoints, endpointslice, node) [invalid_configs.yaml:99]"),
        Arguments.argumentSet("k8s_unknown_role", "prometheus/k8s_unknown_role", p + "k8s_unknown_role.config.scrape_configs[0].kubernetes_sd_configs[0].role: unknown Kubernetes SD role \"deployment\" [invalid_configs.yaml:105]"),
        Arguments.argumentSet("k8s_api_server_and_kubeconfig", "prometheus/k8s_api_server_and_kubeconfig", p + "k8s_api_server_and_kubeconfig.config.scrape_configs[0].kubernetes_sd_configs[0]: cannot use 'kubeconfig_file' and 'api_server' simultaneously [invalid_configs.yaml:111]"),
        Arguments.argumentSet("k8s_selector_role_mismatch", "prometheus/k8s_selector_role_mismatch", p + "k8s_selector_role_mismatch.config.scrape_configs[0].kubernetes_sd_configs[0].selectors[0]: pod role supports only pod selectors [invalid_configs.yaml:121]"),
        Arguments.argumentSet("k8s_duplicated_selector", "prometheus/k8s_duplicated_selector", p + "k8s_duplicated_selector.config.scrape_configs[0].kubernetes_sd_configs[0].selectors[1]: duplicated selector role: pod [invalid_configs.yaml:132]"),
        Arguments.argumentSet("k8s_http_without_api_server", "prometheus/k8s_http_without_api_server", p + "k8s_http_without_api_server.config.scrape_configs[0].kubernetes_sd_configs[0]: to use custom HTTP client configuration please provide the 'api_server' URL explicitly [invalid_configs.yaml:139]"),
        Arguments.argumentSet("k8s_api_server_own_namespace", "prometheus/k8s_api_server_own_namespace", p + "k8s_api_server_own_namespace.config.scrape_configs[0].kubernetes_sd_configs[0]: cannot use 'api_server' and 'namespaces.own_namespace' simultaneously [invalid_configs.yaml:146]"),
        Arguments.argumentSet("k8s_unknown_key", "prometheus/k8s_unknown_key", p + "k8s_unknown_key.config.scrape_configs[0].kubernetes_sd_configs[0].attach_metadata: unknown key (expected one of: api_server, bearer_token_file, kubeconfig_file, namespaces, role, selectors, tls_config) [invalid_configs.yaml:155]"));
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidConfigIsReportedExactly(String section, String expected) throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = sections("invalid_configs.yaml", problems).get(section);
    assertThat(node).as(section).isNotNull();
    bind(node);

    assertThat(problems.errors()).extracting(ConfigProblem::toString).containsExactly(expected);
  }

  private PrometheusReceiverConfig bind(ConfigNode node) {
    PrometheusReceiverConfig config = factory.parseConfig(node);
    node.reportUnknownKeys();
    return config;
  }

  static Map<String, ConfigNode> sections(String file, ConfigProblems problems) throws IOException {
    try (InputStream in = PrometheusReceiverConfigTest.class.getResourceAsStream("/testdata/" + file)) {
      assertThat(in).as(file).isNotNull();
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigNode.fromYaml(yaml, file, "receivers", problems).entries();
    }
  }
}
