package io.otelcol4j.processor.k8sattributes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Creates the API client for a config; tests substitute a mock server's client. */
@FunctionalInterface
interface ClientProvider {
  /** Upstream's message when in-cluster config is asked for outside a cluster. */
  String NOT_IN_CLUSTER =
      "unable to load k8s config, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined";

  /**
   * @param env reads environment variables
   * @throws IllegalStateException when the config cannot be loaded
   */
  KubernetesClient create(K8sAttributesProcessorConfig config, Function<String, @Nullable String> env);

  /** The real client, configured by {@code auth_type} as upstream. */
  ClientProvider DEFAULT = (config, env) -> {
    Config c;
    switch (config.authType()) {
      case KUBE_CONFIG:
        c = Config.autoConfigure(config.context().isEmpty() ? null : config.context());
        break;
      case SERVICE_ACCOUNT:
        inClusterUrl(env);
        // In a pod this reads the service account token (re-read as it rotates) and CA.
        c = Config.autoConfigure(null);
        break;
      default:
        c = new ConfigBuilder(Config.empty()).withMasterUrl(inClusterUrl(env)).build();
    }
    return new KubernetesClientBuilder().withConfig(c).build();
  };

  private static String inClusterUrl(Function<String, @Nullable String> env) {
    String host = env.apply("KUBERNETES_SERVICE_HOST");
    String port = env.apply("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isEmpty() || port == null || port.isEmpty()) {
      throw new IllegalStateException(NOT_IN_CLUSTER);
    }
    return "https://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
