package io.otelcol4j.receiver.prometheus;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates the API client of one {@code kubernetes_sd_configs} entry; tests substitute a mock server's. */
@FunctionalInterface
interface KubeClients {
  /** client-go's message when in-cluster config is asked for outside a cluster. */
  String NOT_IN_CLUSTER =
      "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined";

  /** @throws IllegalStateException when the config cannot be loaded */
  KubernetesClient create(KubernetesSdConfig config);

  /** The real client: {@code api_server}, {@code kubeconfig_file}, or in-cluster. */
  KubeClients DEFAULT = config -> {
    Config c;
    try {
      if (config.apiServer() != null) {
        ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(config.apiServer());
        if (config.bearerTokenFile() != null) {
          b.withOauthToken(Files.readString(Path.of(config.bearerTokenFile()), StandardCharsets.UTF_8).strip());
        }
        ScrapeConfig.TlsConfig tls = config.tls();
        if (tls.caFile() != null) {
          b.withCaCertFile(tls.caFile());
        }
        if (tls.certFile() != null) {
          b.withClientCertFile(tls.certFile()).withClientKeyFile(tls.keyFile());
        }
        b.withTrustCerts(tls.insecureSkipVerify()).withDisableHostnameVerification(tls.insecureSkipVerify());
        c = b.build();
      } else if (config.kubeconfigFile() != null) {
        c = Config.fromKubeconfig(null, Files.readString(Path.of(config.kubeconfigFile()), StandardCharsets.UTF_8),
            config.kubeconfigFile());
      } else {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        String port = System.getenv("KUBERNETES_SERVICE_PORT");
        if (host == null || host.isEmpty() || port == null || port.isEmpty()) {
          throw new IllegalStateException(NOT_IN_CLUSTER);
        }
        // In a pod this reads the service account token (re-read as it rotates) and CA.
        c = Config.autoConfigure(null);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Kubernetes SD credentials: " + e.getMessage(), e);
    }
    return new KubernetesClientBuilder().withConfig(c).build();
  };
}
