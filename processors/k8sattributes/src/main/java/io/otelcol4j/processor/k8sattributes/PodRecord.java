package io.otelcol4j.processor.k8sattributes;

import org.jspecify.annotations.Nullable;

/**
 * What the cache keeps of one pod: only the fields association and extraction need, never the
 * Kubernetes object. Strings that repeat across pods (namespace, node, owner names and uids,
 * attribute names) are interned; the rest are the pod's own.
 */
final class PodRecord {
  static final String[] NO_ATTRS = new String[0];
  static final Container[] NO_CONTAINERS = new Container[0];

  final String uid;
  final String namespace;
  final String name;
  /** The pod IP, or null when it has none yet or runs in the host network (its IP is the node's). */
  final @Nullable String ip;
  /** Creation time, RFC 3339 UTC ({@code 2024-05-01T10:00:00Z}): compares as text. */
  final String created;
  final @Nullable String nodeName;
  /** Attributes fixed for the pod's life: name, value, name, value, … */
  final String[] attrs;
  /** The owning ReplicaSet's uid, looked up for the Deployment at enrichment; null when none or not needed. */
  final @Nullable String replicaSetUid;
  /** The owning Job's uid, looked up for the CronJob at enrichment; null when none or not needed. */
  final @Nullable String jobUid;
  final Container[] containers;

  PodRecord(String uid, String namespace, String name, @Nullable String ip, String created, @Nullable String nodeName,
      String[] attrs, @Nullable String replicaSetUid, @Nullable String jobUid, Container[] containers) {
    this.uid = uid;
    this.namespace = namespace;
    this.name = name;
    this.ip = ip;
    this.created = created;
    this.nodeName = nodeName;
    this.attrs = attrs;
    this.replicaSetUid = replicaSetUid;
    this.jobUid = jobUid;
    this.containers = containers;
  }

  /** The value of a fixed attribute, or null. */
  @Nullable String attr(String attrName) {
    for (int i = 0; i < attrs.length; i += 2) {
      if (attrs[i].equals(attrName)) {
        return attrs[i + 1];
      }
    }
    return null;
  }

  @Nullable Container containerById(String id) {
    for (Container c : containers) {
      for (String cid : c.ids) {
        if (cid.equals(id)) {
          return c;
        }
      }
    }
    return null;
  }

  @Nullable Container containerByName(String containerName) {
    for (Container c : containers) {
      if (c.name.equals(containerName)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }

  /** One container of a pod (regular or init) with the ids of its recent runs. */
  static final class Container {
    final String name;
    final @Nullable String imageName;
    final @Nullable String imageTag;
    /** Container ids without the runtime prefix, aligned with {@link #runs}. */
    final String[] ids;
    /** The restart count each id belongs to. */
    final int[] runs;

    Container(String name, @Nullable String imageName, @Nullable String imageTag, String[] ids, int[] runs) {
      this.name = name;
      this.imageName = imageName;
      this.imageTag = imageTag;
      this.ids = ids;
      this.runs = runs;
    }

    /** The id of the given run, or of the latest run when {@code run} is negative; null when unknown. */
    @Nullable String id(long run) {
      String best = null;
      int bestRun = -1;
      for (int i = 0; i < ids.length; i++) {
        if (run >= 0 ? runs[i] == run : runs[i] > bestRun) {
          best = ids[i];
          bestRun = runs[i];
          if (run >= 0) {
            break;
          }
        }
      }
      return best;
    }
  }
}
