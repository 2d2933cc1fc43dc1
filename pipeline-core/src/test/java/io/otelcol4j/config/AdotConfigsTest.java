package io.otelcol4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.component.GenericFakeFactory;
import io.otelcol4j.component.GenericFakeFactory.PlainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Users' real collector configs (ADOT and contrib examples, copied from shared testdata into {@code src/test/resources/testdata/shared}) load
 * structurally: with a generic fake factory for each component type they use, the YAML, ids,
 * pipelines and {@code ${env:…}} expansion are all accepted.
 */
class AdotConfigsTest {
  private static final Path DIR = Path.of("src/test/resources/testdata/shared/adot-configs");

  private static final Map<String, String> ENV = Map.of(
      "AWS_REGION", "us-west-2",
      "AWS_PROMETHEUS_SCRAPING_ENDPOINT", "localhost:9090",
      "AWS_PROMETHEUS_ENDPOINT", "https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/api/v1/remote_write");

  private static ComponentRegistry registry() {
    List<ComponentFactory<?>> f = List.of(
        GenericFakeFactory.receiver("otlp"),
        GenericFakeFactory.receiver("prometheus"),
        GenericFakeFactory.receiver("awsecscontainermetrics"),
        GenericFakeFactory.receiver("awscontainerinsight"),
        GenericFakeFactory.receiver("filelog", "file_log"),
        GenericFakeFactory.processor("batch"),
        GenericFakeFactory.processor("resourcedetection"),
        GenericFakeFactory.processor("resource"),
        GenericFakeFactory.processor("filter"),
        GenericFakeFactory.exporter("awsxray"),
        GenericFakeFactory.exporter("awsemf"),
        GenericFakeFactory.exporter("prometheusremotewrite"),
        GenericFakeFactory.exporter("debug"),
        GenericFakeFactory.exporter("otlp", "otlp_grpc"),
        GenericFakeFactory.extension("health_check"),
        GenericFakeFactory.extension("sigv4auth"),
        GenericFakeFactory.extension("pprof"),
        GenericFakeFactory.extension("zpages"),
        GenericFakeFactory.extension("file_storage"));
    return ComponentRegistry.of(f.toArray(new ComponentFactory<?>[0]));
  }

  static Stream<String> files() throws IOException {
    if (!Files.isDirectory(DIR)) {
      return Stream.of("(missing)");
    }
    try (Stream<Path> s = Files.list(DIR)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          // This README sample lists health_check in service.extensions without defining it; the
          // collector rejects that as well. Checked on its own below.
          .filter(n -> !n.equals("contrib-container-insights.yaml"))
          .sorted().toList().stream();
    }
  }

  private static ConfigLoader.Result load(String file) throws IOException {
    return new ConfigLoader(registry(), ENV).load(List.of(ConfigLoader.Source.file(DIR.resolve(file))), List.of());
  }

  @ParameterizedTest
  @MethodSource("files")
  void loadsWithoutErrorsOrWarnings(String file) throws IOException {
    assumeTrue(Files.isDirectory(DIR), "shared testdata not present");
    ConfigLoader.Result r = load(file);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.config().service().pipelines()).isNotEmpty();
  }

  @Test
  void envReferencesAndDollarEscapesAreExpanded() throws IOException {
    assumeTrue(Files.isDirectory(DIR), "shared testdata not present");
    CollectorConfig c = load("adot-ecs-amp-xray.yaml").config();
    assertThat(((PlainConfig) c.extensions().get(ComponentId.of("sigv4auth"))).value())
        .isEqualTo(Map.of("region", "us-west-2"));
    assertThat(((PlainConfig) c.exporters().get(ComponentId.of("prometheusremotewrite"))).value().toString())
        .contains("endpoint=https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/api/v1/remote_write");
    assertThat(((PlainConfig) c.receivers().get(ComponentId.of("prometheus"))).value().toString())
        .contains("targets=[localhost:9090]");

    String relabel = ((PlainConfig) load("adot-eks-prom-emf.yaml").config().receivers()
        .get(ComponentId.of("prometheus"))).value().toString();
    assertThat(relabel).contains("replacement=$1:$2").contains("regex=([^:]+)(?::\\d+)?;(\\d+)");
  }

  @Test
  void aliasTypesBindToTheirFactories() throws IOException {
    assumeTrue(Files.isDirectory(DIR), "shared testdata not present");
    CollectorConfig c = load("contrib-fault-tolerant-filelog.yaml").config();
    assertThat(c.receivers()).containsOnlyKeys(ComponentId.of("file_log"));
    assertThat(c.exporters()).containsOnlyKeys(ComponentId.of("otlp_grpc", "custom"));
  }

  @Test
  void theContainerInsightsSampleNamesAnUndefinedExtension() {
    assumeTrue(Files.isDirectory(DIR), "shared testdata not present");
    assertThatThrownBy(() -> load("contrib-container-insights.yaml"))
        .hasMessage("invalid configuration: service.extensions: references extension \"health_check\" which is not "
            + "configured (the extensions section is empty) [" + DIR.resolve("contrib-container-insights.yaml") + ":32]");
  }
}
