package io.otelcol4j.extension.sigv4auth;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.config.ConfigNode;
import org.jspecify.annotations.Nullable;

/**
 * Config of the {@code sigv4auth} extension, with the keys of the collector's
 * {@code sigv4authextension}.
 *
 * <pre>{@code
 * extensions:
 *   sigv4auth:
 *     region: us-west-2
 *     service: aps
 *     assume_role:
 *       arn: arn:aws:iam::123456789012:role/amp-writer
 *       sts_region: us-east-1
 *       session_name: otelcol
 * }</pre>
 *
 * @param region {@code region}: the region in the signature; empty (the default) infers it from
 *     the endpoint host ({@code aps-workspaces.<region>.amazonaws.com}), then from the
 *     {@code AWS_REGION} environment variable
 * @param service {@code service}: the signing name; empty (the default) infers it from the
 *     endpoint host, and falls back to {@value #DEFAULT_SERVICE}
 * @param assumeRole {@code assume_role}: a role assumed with STS on top of the default
 *     credentials, or null when {@code assume_role.arn} is not set
 */
public record SigV4AuthExtensionConfig(String region, String service, @Nullable AssumeRole assumeRole)
    implements ComponentConfig {
  /** The signing name used when neither {@code service} nor the endpoint host gives one: {@value}. */
  public static final String DEFAULT_SERVICE = "aps";

  public SigV4AuthExtensionConfig {
    requireNonNull(region, "region");
    requireNonNull(service, "service");
  }

  /**
   * The {@code assume_role} block.
   *
   * @param arn {@code arn}: the role to assume
   * @param stsRegion {@code sts_region}: the region of the STS endpoint; empty (the default) uses
   *     {@code region}, then {@code AWS_REGION}
   * @param sessionName {@code session_name}: the role session name; empty (the default) uses
   *     {@code otelcol4j-} followed by a random suffix
   */
  public record AssumeRole(String arn, String stsRegion, String sessionName) {
    public AssumeRole {
      requireNonNull(arn, "arn");
      requireNonNull(stsRegion, "stsRegion");
      requireNonNull(sessionName, "sessionName");
    }
  }

  /** Defaults: everything inferred, default credentials, no role. */
  public static SigV4AuthExtensionConfig defaults() {
    return new SigV4AuthExtensionConfig("", "", null);
  }

  /** Binds and validates; every problem is reported through {@code node}. */
  public static SigV4AuthExtensionConfig from(ConfigNode node) {
    String region = node.string("region", "");
    String service = node.string("service", "");
    ConfigNode ar = node.child("assume_role");
    String arn = ar.string("arn", "");
    String stsRegion = ar.string("sts_region", "");
    String session = ar.string("session_name", "");
    AssumeRole assumeRole = null;
    if (!arn.isEmpty()) {
      if (!arn.startsWith("arn:")) {
        ar.problem("arn", "\"" + arn + "\" (expected: a role ARN, e.g. arn:aws:iam::123456789012:role/name)");
      }
      if (session.length() > 64 || !session.matches("[\\w+=,.@-]*")) {
        ar.problem("session_name", "\"" + session + "\" (expected: at most 64 of the characters [A-Za-z0-9_+=,.@-])");
      }
      assumeRole = new AssumeRole(arn, stsRegion, session);
    } else if (!stsRegion.isEmpty() || !session.isEmpty()) {
      ar.problem("arn", "missing (expected: the role ARN when sts_region or session_name is set)");
    }
    return new SigV4AuthExtensionConfig(region, service, assumeRole);
  }
}
