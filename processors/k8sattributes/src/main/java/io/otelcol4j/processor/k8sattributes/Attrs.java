package io.otelcol4j.processor.k8sattributes;

import java.util.Set;

/** Resource attribute names the processor reads and writes (OpenTelemetry semantic conventions). */
final class Attrs {
  static final String K8S_NAMESPACE_NAME = "k8s.namespace.name";
  static final String K8S_POD_NAME = "k8s.pod.name";
  static final String K8S_POD_UID = "k8s.pod.uid";
  static final String K8S_POD_IP = "k8s.pod.ip";
  static final String K8S_POD_HOSTNAME = "k8s.pod.hostname";
  static final String K8S_POD_START_TIME = "k8s.pod.start_time";
  static final String K8S_DEPLOYMENT_NAME = "k8s.deployment.name";
  static final String K8S_DEPLOYMENT_UID = "k8s.deployment.uid";
  static final String K8S_REPLICASET_NAME = "k8s.replicaset.name";
  static final String K8S_REPLICASET_UID = "k8s.replicaset.uid";
  static final String K8S_STATEFULSET_NAME = "k8s.statefulset.name";
  static final String K8S_STATEFULSET_UID = "k8s.statefulset.uid";
  static final String K8S_DAEMONSET_NAME = "k8s.daemonset.name";
  static final String K8S_DAEMONSET_UID = "k8s.daemonset.uid";
  static final String K8S_JOB_NAME = "k8s.job.name";
  static final String K8S_JOB_UID = "k8s.job.uid";
  static final String K8S_CRONJOB_NAME = "k8s.cronjob.name";
  static final String K8S_NODE_NAME = "k8s.node.name";
  static final String K8S_CONTAINER_NAME = "k8s.container.name";
  static final String K8S_CONTAINER_RESTART_COUNT = "k8s.container.restart_count";
  static final String CONTAINER_ID = "container.id";
  static final String CONTAINER_IMAGE_NAME = "container.image.name";
  static final String CONTAINER_IMAGE_TAG = "container.image.tag";
  static final String HOST_NAME = "host.name";
  /** The attribute upstream's default association also reads a client IP from. */
  static final String IP = "ip";

  /** Every value {@code extract.metadata} accepts here. */
  static final Set<String> SUPPORTED_METADATA = Set.of(K8S_NAMESPACE_NAME, K8S_POD_NAME, K8S_POD_UID, K8S_POD_IP,
      K8S_POD_HOSTNAME, K8S_POD_START_TIME, K8S_DEPLOYMENT_NAME, K8S_DEPLOYMENT_UID, K8S_REPLICASET_NAME,
      K8S_REPLICASET_UID, K8S_STATEFULSET_NAME, K8S_STATEFULSET_UID, K8S_DAEMONSET_NAME, K8S_DAEMONSET_UID,
      K8S_JOB_NAME, K8S_JOB_UID, K8S_CRONJOB_NAME, K8S_NODE_NAME, K8S_CONTAINER_NAME, CONTAINER_ID,
      CONTAINER_IMAGE_NAME, CONTAINER_IMAGE_TAG);

  private Attrs() {}
}
