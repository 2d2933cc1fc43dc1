package io.otelcol4j.processor.k8sattributes;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code k8sattributes} processor, with the keys, defaults and validation messages
 * of the collector's {@code k8sattributesprocessor}.
 *
 * @param authType {@code auth_type}: how to reach the API server: {@code serviceAccount} (default,
 *     in-cluster token), {@code kubeConfig} ({@code ~/.kube/config} or {@code $KUBECONFIG}) or
 *     {@code none}
 * @param context {@code context}: the kubeconfig context for {@code auth_type: kubeConfig}; empty
 *     means the current context
 * @param passthrough {@code passthrough}: only tag {@code k8s.pod.ip} from the connection, with no
 *     API access; default false
 * @param extract {@code extract}: what metadata, labels and annotations to add
 * @param filter {@code filter}: which pods to watch
 * @param podAssociation {@code pod_association}: how data is matched to a pod; empty means
 *     upstream's default (the {@code k8s.pod.ip} attribute, the {@code ip} attribute, the
 *     connection's IP, then {@code host.name} when it is an IP)
 * @param excludePods {@code exclude.pods[].name}: regular expressions of pod names never associated;
 *     default {@code jaeger-agent}, {@code jaeger-collector}
 * @param waitForMetadata {@code wait_for_metadata}: start waits until the watches have synced and
 *     fails after {@code wait_for_metadata_timeout}; default false
 * @param waitForMetadataTimeout {@code wait_for_metadata_timeout}: default
 *     {@value #DEFAULT_WAIT_FOR_METADATA_TIMEOUT_SECONDS}s
 */
public record K8sAttributesProcessorConfig(
    AuthType authType,
    String context,
    boolean passthrough,
    Extract extract,
    Filter filter,
    List<Association> podAssociation,
    List<String> excludePods,
    boolean waitForMetadata,
    Duration waitForMetadataTimeout) implements ComponentConfig {

  /** Default {@code wait_for_metadata_timeout} in seconds, as upstream. */
  public static final int DEFAULT_WAIT_FOR_METADATA_TIMEOUT_SECONDS = 10;
  /** Default {@code exclude.pods}, as upstream. */
  public static final List<String> DEFAULT_EXCLUDE_PODS = List.of("jaeger-agent", "jaeger-collector");
  /** The most sources one association may have, as upstream ({@code kube.PodIdentifierMaxLength}). */
  public static final int MAX_ASSOCIATION_SOURCES = 4;

  /** Values of {@code auth_type}. */
  public enum AuthType {
    NONE("none"),
    SERVICE_ACCOUNT("serviceAccount"),
    KUBE_CONFIG("kubeConfig");

    private final String configName;

    AuthType(String configName) {
      this.configName = configName;
    }

    /** The name as written in config. */
    public String configName() {
      return configName;
    }

    static AuthType parse(String s) {
      for (AuthType t : values()) {
        if (t.configName.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException(s);
    }
  }

  public K8sAttributesProcessorConfig {
    requireNonNull(authType, "authType");
    requireNonNull(context, "context");
    requireNonNull(extract, "extract");
    requireNonNull(filter, "filter");
    podAssociation = List.copyOf(podAssociation);
    excludePods = List.copyOf(excludePods);
    requireNonNull(waitForMetadataTimeout, "waitForMetadataTimeout");
  }

  /** The default config, as an empty YAML map binds. */
  public static K8sAttributesProcessorConfig defaults() {
    return new K8sAttributesProcessorConfig(AuthType.SERVICE_ACCOUNT, "", false, Extract.defaults(),
        Filter.defaults(), List.of(), DEFAULT_EXCLUDE_PODS, false,
        Duration.ofSeconds(DEFAULT_WAIT_FOR_METADATA_TIMEOUT_SECONDS));
  }

  /** Binds and validates; every problem is reported through {@code node}. */
  public static K8sAttributesProcessorConfig from(ConfigNode node) {
    K8sAttributesProcessorConfig d = defaults();
    String[] authNames = new String[AuthType.values().length];
    for (int i = 0; i < authNames.length; i++) {
      authNames[i] = AuthType.values()[i].configName();
    }
    AuthType authType = AuthType.parse(node.oneOf("auth_type", d.authType().configName(), authNames));
    String context = node.string("context", "");
    boolean passthrough = node.bool("passthrough", false);
    Extract extract = Extract.from(node.child("extract"));
    Filter filter = Filter.from(node.child("filter"));
    List<Association> associations = new ArrayList<>();
    for (ConfigNode a : node.list("pod_association")) {
      associations.add(Association.from(a));
    }
    List<String> excludes = d.excludePods();
    ConfigNode exclude = node.child("exclude");
    if (exclude.has("pods")) {
      List<String> names = new ArrayList<>();
      for (ConfigNode p : exclude.list("pods")) {
        String name = p.string("name", "");
        if (name.isEmpty()) {
          p.problem("name", "missing (expected: a regular expression of pod names)");
        } else if (compile(p, "name", name, false) != null) {
          names.add(name);
        }
      }
      excludes = names;
    }
    boolean wait = node.bool("wait_for_metadata", false);
    Duration waitTimeout = node.duration("wait_for_metadata_timeout", d.waitForMetadataTimeout());
    return new K8sAttributesProcessorConfig(authType, context, passthrough, extract, filter, associations, excludes,
        wait, waitTimeout);
  }

  /**
   * Compiles a regular expression as upstream (Go RE2 syntax, whose {@code (?P<name>…)} groups are
   * accepted), reporting a problem and returning null when it is invalid.
   */
  static @Nullable Pattern compile(ConfigNode node, String key, String regex, boolean anchored) {
    try {
      return compileUnchecked(regex, anchored);
    } catch (PatternSyntaxException e) {
      node.problem(key, "\"" + regex + "\" (expected: a valid regular expression: " + e.getDescription() + ")");
      return null;
    }
  }

  static Pattern compileUnchecked(String regex, boolean anchored) {
    String java = regex.replace("(?P<", "(?<");
    return Pattern.compile(anchored ? "^(?:" + java + ")$" : java);
  }

  /**
   * The {@code extract} block.
   *
   * @param metadata {@code metadata}: the resource attributes to add; empty binds to
   *     {@link #DEFAULT_METADATA}
   * @param labels {@code labels}: rules adding pod, namespace or node labels
   * @param annotations {@code annotations}: rules adding pod, namespace or node annotations
   * @param deploymentNameFromReplicaset {@code deployment_name_from_replicaset}: derive
   *     {@code k8s.deployment.name} from the ReplicaSet name (minus the pod template hash) instead
   *     of watching ReplicaSets; default false
   */
  public record Extract(List<String> metadata, List<FieldExtract> labels, List<FieldExtract> annotations,
      boolean deploymentNameFromReplicaset) {
    /** The metadata added by default, as upstream's {@code metadata.yaml} enables. */
    public static final List<String> DEFAULT_METADATA = List.of(Attrs.K8S_NAMESPACE_NAME, Attrs.K8S_POD_NAME,
        Attrs.K8S_POD_UID, Attrs.K8S_POD_START_TIME, Attrs.K8S_DEPLOYMENT_NAME, Attrs.K8S_NODE_NAME,
        Attrs.CONTAINER_IMAGE_NAME, Attrs.CONTAINER_IMAGE_TAG);

    public Extract {
      metadata = List.copyOf(metadata);
      labels = List.copyOf(labels);
      annotations = List.copyOf(annotations);
    }

    static Extract defaults() {
      return new Extract(DEFAULT_METADATA, List.of(), List.of(), false);
    }

    static Extract from(ConfigNode node) {
      List<String> metadata = node.stringList("metadata", List.of());
      for (int i = 0; i < metadata.size(); i++) {
        if (!Attrs.SUPPORTED_METADATA.contains(metadata.get(i))) {
          node.problem("metadata", "\"" + metadata.get(i) + "\" is not a supported metadata field");
        }
      }
      if (metadata.isEmpty()) {
        metadata = DEFAULT_METADATA;
      }
      List<FieldExtract> labels = new ArrayList<>();
      for (ConfigNode n : node.list("labels")) {
        labels.add(FieldExtract.from(n));
      }
      List<FieldExtract> annotations = new ArrayList<>();
      for (ConfigNode n : node.list("annotations")) {
        annotations.add(FieldExtract.from(n));
      }
      boolean fromRs = node.bool("deployment_name_from_replicaset", false);
      return new Extract(metadata, labels, annotations, fromRs);
    }
  }

  /**
   * One {@code labels} or {@code annotations} rule.
   *
   * @param tagName {@code tag_name}: the attribute to set; empty means
   *     {@code k8s.<from>.labels.<key>} ({@code annotations} likewise). With {@code key_regex} it
   *     may refer to groups ({@code $1}, {@code ${name}})
   * @param key {@code key}: the exact label or annotation key
   * @param keyRegex {@code key_regex}: a regular expression matching whole keys, instead of
   *     {@code key}
   * @param from {@code from}: {@code pod} (default), {@code namespace} or {@code node}
   */
  public record FieldExtract(String tagName, String key, String keyRegex, String from) {
    /** Allowed values of {@code from}. */
    public static final List<String> FROM = List.of("pod", "namespace", "node");

    public FieldExtract {
      requireNonNull(tagName, "tagName");
      requireNonNull(key, "key");
      requireNonNull(keyRegex, "keyRegex");
      requireNonNull(from, "from");
    }

    static FieldExtract from(ConfigNode node) {
      String tagName = node.string("tag_name", "");
      String key = node.string("key", "");
      String keyRegex = node.string("key_regex", "");
      String from = node.string("from", "pod");
      if (from.isEmpty()) {
        from = "pod";
      }
      if (!key.isEmpty() && !keyRegex.isEmpty()) {
        node.problem(null, "Out of Key or KeyRegex only one option is expected to be configured at a time,"
            + " currently Key:" + key + " and KeyRegex:" + keyRegex);
      }
      if (!FROM.contains(from)) {
        node.problem("from", from + " is not a valid choice for From. Must be one of: pod, namespace, node");
        from = "pod";
      }
      if (!keyRegex.isEmpty() && compile(node, "key_regex", keyRegex, true) == null) {
        keyRegex = "";
      }
      if (key.isEmpty() && keyRegex.isEmpty()) {
        node.warning(null, "neither key nor key_regex is set: this rule extracts nothing");
      }
      return new FieldExtract(tagName, key, keyRegex, from);
    }
  }

  /**
   * The {@code filter} block: which pods are watched at all.
   *
   * @param node {@code node}: only pods on this node (a DaemonSet agent's own node)
   * @param nodeFromEnvVar {@code node_from_env_var}: the environment variable holding the node
   *     name, set with the downward API ({@code spec.nodeName}); must be set when configured
   * @param namespace {@code namespace}: only pods in this namespace
   * @param fields {@code fields}: field selectors; {@code op} is {@code equals} (default) or
   *     {@code not-equals}
   * @param labels {@code labels}: label selectors; {@code op} is {@code equals} (default),
   *     {@code not-equals}, {@code exists} or {@code does-not-exist}
   */
  public record Filter(String node, String nodeFromEnvVar, String namespace, List<FieldFilter> fields,
      List<FieldFilter> labels) {
    public Filter {
      requireNonNull(node, "node");
      requireNonNull(nodeFromEnvVar, "nodeFromEnvVar");
      requireNonNull(namespace, "namespace");
      fields = List.copyOf(fields);
      labels = List.copyOf(labels);
    }

    static Filter defaults() {
      return new Filter("", "", "", List.of(), List.of());
    }

    static Filter from(ConfigNode node) {
      String n = node.string("node", "");
      String env = node.string("node_from_env_var", "");
      String ns = node.string("namespace", "");
      List<FieldFilter> fields = new ArrayList<>();
      for (ConfigNode f : node.list("fields")) {
        fields.add(FieldFilter.from(f, false));
      }
      List<FieldFilter> labels = new ArrayList<>();
      for (ConfigNode f : node.list("labels")) {
        labels.add(FieldFilter.from(f, true));
      }
      return new Filter(n, env, ns, fields, labels);
    }
  }

  /**
   * One field or label selector of {@code filter}.
   *
   * @param key {@code key}: the field path or label key
   * @param value {@code value}: the value compared with
   * @param op {@code op}: {@code equals} (default), {@code not-equals}, and for labels
   *     {@code exists} and {@code does-not-exist}
   */
  public record FieldFilter(String key, String value, String op) {
    public FieldFilter {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      requireNonNull(op, "op");
    }

    static FieldFilter from(ConfigNode node, boolean label) {
      String key = node.string("key", "");
      String value = node.string("value", "");
      String op = node.string("op", "equals");
      if (op.isEmpty()) {
        op = "equals";
      }
      boolean ok = op.equals("equals") || op.equals("not-equals")
          || label && (op.equals("exists") || op.equals("does-not-exist"));
      if (!ok) {
        node.problem("op", "'" + op + "' is not a valid label filter operation for key=" + key + ", value=" + value);
        op = "equals";
      }
      if (key.isEmpty()) {
        node.problem("key", "missing (expected: a " + (label ? "label key" : "field path, e.g. status.phase") + ")");
      }
      return new FieldFilter(key, value, op);
    }
  }

  /**
   * One {@code pod_association} entry: data is associated with a pod when every source resolves
   * and together they match the pod.
   *
   * @param sources {@code sources}: one to {@value #MAX_ASSOCIATION_SOURCES}
   */
  public record Association(List<Source> sources) {
    public Association {
      sources = List.copyOf(sources);
    }

    static Association from(ConfigNode node) {
      List<Source> sources = new ArrayList<>();
      for (ConfigNode s : node.list("sources")) {
        sources.add(Source.from(s));
      }
      if (sources.size() > MAX_ASSOCIATION_SOURCES) {
        node.problem("sources", "too many association sources. limit is " + MAX_ASSOCIATION_SOURCES);
      } else if (sources.isEmpty()) {
        node.problem("sources", "missing (expected: at least one source, e.g. - from: connection)");
      }
      return new Association(sources);
    }
  }

  /**
   * One association source.
   *
   * @param from {@code from}: {@code connection} (the sender's IP) or {@code resource_attribute}
   * @param name {@code name}: the resource attribute, for {@code resource_attribute}; e.g.
   *     {@code k8s.pod.ip}, {@code k8s.pod.uid}, {@code k8s.pod.name}, {@code k8s.namespace.name},
   *     {@code container.id}, {@code host.name}
   */
  public record Source(String from, String name) {
    /** {@code from: connection}. */
    public static final String CONNECTION = "connection";
    /** {@code from: resource_attribute}. */
    public static final String RESOURCE_ATTRIBUTE = "resource_attribute";

    public Source {
      requireNonNull(from, "from");
      requireNonNull(name, "name");
    }

    static Source from(ConfigNode node) {
      String from = node.oneOf("from", "", CONNECTION, RESOURCE_ATTRIBUTE).toLowerCase(Locale.ROOT);
      String name = node.string("name", "");
      if (from.isEmpty() && !node.has("from")) {
        node.problem("from", "missing (expected: one of connection, resource_attribute)");
      }
      if (from.equals(RESOURCE_ATTRIBUTE) && name.isEmpty()) {
        node.problem("name", "missing (expected: the resource attribute to match, e.g. k8s.pod.uid)");
      }
      return new Source(from, name);
    }
  }
}
