package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.config.ConfigNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One {@code kubernetes_sd_configs} entry, as Prometheus's kubernetes {@code SDConfig}.
 *
 * @param role {@code role}, required
 * @param apiServer {@code api_server}; null = in-cluster (or {@code kubeconfig_file})
 * @param kubeconfigFile {@code kubeconfig_file}, or null
 * @param namespaces {@code namespaces.names}; empty = all namespaces (unless own namespace)
 * @param ownNamespace {@code namespaces.own_namespace}: also the namespace this collector runs in
 * @param selectors {@code selectors}: label and field selectors per watched role
 * @param bearerTokenFile {@code bearer_token_file} (only with {@code api_server}), or null
 * @param tls {@code tls_config} (only with {@code api_server})
 */
public record KubernetesSdConfig(Role role, @Nullable String apiServer, @Nullable String kubeconfigFile,
    List<String> namespaces, boolean ownNamespace, List<Selector> selectors, @Nullable String bearerTokenFile,
    ScrapeConfig.TlsConfig tls) {
  public KubernetesSdConfig {
    namespaces = List.copyOf(namespaces);
    selectors = List.copyOf(selectors);
  }

  /** The roles Prometheus supports (ingress is not implemented here). */
  public enum Role {
    POD, SERVICE, ENDPOINTS, ENDPOINTSLICE, NODE;

    /** The name in config and in {@code __meta_kubernetes_<role>_*} labels. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    static @Nullable Role of(String id) {
      for (Role r : values()) {
        if (r.id().equals(id)) {
          return r;
        }
      }
      return null;
    }
  }

  /** One {@code selectors} entry: a label and/or field selector for the objects of {@code role}. */
  public record Selector(Role role, String label, String field) {}

  private static final Map<Role, Set<Role>> ALLOWED_SELECTORS = Map.of(
      Role.POD, EnumSet.of(Role.POD),
      Role.SERVICE, EnumSet.of(Role.SERVICE),
      Role.ENDPOINTSLICE, EnumSet.of(Role.POD, Role.SERVICE, Role.ENDPOINTSLICE),
      Role.ENDPOINTS, EnumSet.of(Role.POD, Role.SERVICE, Role.ENDPOINTS),
      Role.NODE, EnumSet.of(Role.NODE));

  /** The selector of {@code r}, or null. */
  @Nullable Selector selector(Role r) {
    for (Selector s : selectors) {
      if (s.role() == r) {
        return s;
      }
    }
    return null;
  }

  /** Binds one entry with Prometheus's messages; null when the role is missing or unknown. */
  static @Nullable KubernetesSdConfig from(ConfigNode node) {
    String roleId = node.string("role", "");
    Role role = Role.of(roleId);
    String apiServer = node.stringOrNull("api_server");
    String kubeconfig = node.stringOrNull("kubeconfig_file");
    ConfigNode ns = node.child("namespaces");
    List<String> names = ns.stringList("names", List.of());
    boolean own = ns.bool("own_namespace", false);
    String bearerFile = node.stringOrNull("bearer_token_file");
    ScrapeConfig.TlsConfig tls = ScrapeConfig.TlsConfig.NONE;
    ConfigNode t = node.child("tls_config");
    if (t.isPresent()) {
      tls = new ScrapeConfig.TlsConfig(t.stringOrNull("ca_file"), t.stringOrNull("cert_file"),
          t.stringOrNull("key_file"), null, t.bool("insecure_skip_verify", false));
      if ((tls.certFile() == null) != (tls.keyFile() == null)) {
        t.problem(null, tls.certFile() == null
            ? "exactly one of key or key_file must be configured when a client certificate is configured"
            : "exactly one of cert or cert_file must be configured when a client key is configured");
      }
    }
    boolean customHttp = bearerFile != null || t.isPresent();
    List<Selector> selectors = new ArrayList<>();
    List<ConfigNode> selectorNodes = node.list("selectors");
    List<Role> selectorRoles = new ArrayList<>();
    for (ConfigNode s : selectorNodes) {
      String sr = s.string("role", "");
      Role r = Role.of(sr);
      if (r == null) {
        s.problem("role", "unknown Kubernetes SD role \"" + sr + "\"");
      }
      selectorRoles.add(r);
      selectors.add(new Selector(r == null ? Role.POD : r, s.string("label", ""), s.string("field", "")));
    }

    if (roleId.isEmpty()) {
      node.problem(null, "role missing (one of: pod, service, endpoints, endpointslice, node)");
      return null;
    }
    if (role == null) {
      node.problem("role", "unknown Kubernetes SD role \"" + roleId + "\"");
      return null;
    }
    if (apiServer != null && kubeconfig != null) {
      node.problem(null, "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    } else if (kubeconfig != null && customHttp) {
      node.problem(null, "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
    } else if (apiServer == null && customHttp) {
      node.problem(null, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
    } else if (apiServer != null && own) {
      node.problem(null, "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
    } else if (kubeconfig != null && own) {
      node.problem(null, "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
    }
    Set<Role> seen = EnumSet.noneOf(Role.class);
    Set<Role> allowed = ALLOWED_SELECTORS.get(role);
    for (int i = 0; i < selectorNodes.size(); i++) {
      Role r = selectorRoles.get(i);
      if (r == null) {
        continue;
      }
      if (!seen.add(r)) {
        selectorNodes.get(i).problem(null, "duplicated selector role: " + r.id());
      } else if (!allowed.contains(r)) {
        selectorNodes.get(i).problem(null, role.id() + " role supports only "
            + allowed.stream().map(Role::id).collect(Collectors.joining(", ")) + " selectors");
      }
    }
    return new KubernetesSdConfig(role, apiServer, kubeconfig, names, own, selectors, bearerFile, tls);
  }
}
