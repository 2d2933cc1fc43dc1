package io.otelcol4j.processor.k8sattributes;

import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Association;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.FieldExtract;
import io.otelcol4j.processor.k8sattributes.K8sAttributesProcessorConfig.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The processor config compiled into what extraction and association need. */
final class Rules {
  final Set<String> metadata;
  final boolean deploymentFromReplicaSet;
  final List<FieldRule> podRules = new ArrayList<>();
  final List<FieldRule> namespaceRules = new ArrayList<>();
  final List<FieldRule> nodeRules = new ArrayList<>();
  final List<Pattern> excludes = new ArrayList<>();
  final List<Association> associations;
  /** Container details are kept: a container attribute is extracted or associated by. */
  final boolean containers;

  Rules(K8sAttributesProcessorConfig config) {
    this.metadata = Set.copyOf(config.extract().metadata());
    this.deploymentFromReplicaSet = config.extract().deploymentNameFromReplicaset();
    for (FieldExtract f : config.extract().labels()) {
      rulesFor(f).add(new FieldRule(f, true));
    }
    for (FieldExtract f : config.extract().annotations()) {
      rulesFor(f).add(new FieldRule(f, false));
    }
    for (String e : config.excludePods()) {
      excludes.add(K8sAttributesProcessorConfig.compileUnchecked(e, false));
    }
    this.associations = config.podAssociation();
    boolean byContainerId = false;
    for (Association a : associations) {
      for (Source s : a.sources()) {
        byContainerId |= s.name().equals(Attrs.CONTAINER_ID);
      }
    }
    this.containers = byContainerId || has(Attrs.K8S_CONTAINER_NAME) || has(Attrs.CONTAINER_ID)
        || has(Attrs.CONTAINER_IMAGE_NAME) || has(Attrs.CONTAINER_IMAGE_TAG);
  }

  private List<FieldRule> rulesFor(FieldExtract f) {
    switch (f.from()) {
      case "namespace":
        return namespaceRules;
      case "node":
        return nodeRules;
      default:
        return podRules;
    }
  }

  boolean has(String attribute) {
    return metadata.contains(attribute);
  }

  /** ReplicaSets are watched to find their Deployment. */
  boolean watchReplicaSets() {
    return has(Attrs.K8S_DEPLOYMENT_UID) || has(Attrs.K8S_DEPLOYMENT_NAME) && !deploymentFromReplicaSet;
  }

  /** Jobs are watched to find their CronJob. */
  boolean watchJobs() {
    return has(Attrs.K8S_CRONJOB_NAME);
  }

  boolean watchNamespaces() {
    return !namespaceRules.isEmpty();
  }

  boolean watchNodes() {
    return !nodeRules.isEmpty();
  }

  /** The kinds of objects watched, for logs and the RBAC needed. */
  List<String> watchedKinds() {
    List<String> kinds = new ArrayList<>(List.of("pods"));
    if (watchNamespaces()) {
      kinds.add("namespaces");
    }
    if (watchNodes()) {
      kinds.add("nodes");
    }
    if (watchReplicaSets()) {
      kinds.add("replicasets");
    }
    if (watchJobs()) {
      kinds.add("jobs");
    }
    return kinds;
  }
}
