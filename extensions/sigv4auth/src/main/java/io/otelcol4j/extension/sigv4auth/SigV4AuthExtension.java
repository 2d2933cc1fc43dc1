package io.otelcol4j.extension.sigv4auth;

import static java.util.Objects.requireNonNull;

import io.otelcol4j.auth.HttpClientAuthenticator;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.Host;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The {@code sigv4auth} extension: signs each request an exporter sends with AWS Signature
 * Version 4 over the exact body bytes, using the AWS SDK's {@link AwsV4HttpSigner}.
 *
 * <p>Credentials, resolved when a request is signed (not at start, so the collector starts before
 * an IRSA token or instance role is available, and a later fix needs no restart):
 *
 * <ol>
 *   <li>{@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN})
 *       from the environment;
 *   <li>web identity: {@code AWS_WEB_IDENTITY_TOKEN_FILE} with {@code AWS_ROLE_ARN} (and
 *       {@code AWS_ROLE_SESSION_NAME}), exchanged with STS (EKS IRSA);
 *   <li>otherwise the SDK's default chain: system properties, profile files, container and
 *       instance metadata.
 * </ol>
 *
 * With {@code assume_role.arn}, those credentials assume the role through STS
 * ({@link StsAssumeRoleCredentialsProvider}, refreshed before they expire).
 *
 * <p>Region and service, when not configured, are inferred from the request host
 * ({@code aps-workspaces.us-west-2.amazonaws.com} gives {@code aps} and {@code us-west-2});
 * otherwise the region comes from {@code AWS_REGION} and the service defaults to
 * {@value SigV4AuthExtensionConfig#DEFAULT_SERVICE}. Credentials are never logged.
 *
 * <p>Thread-safe. Build it programmatically with {@link #builder(SigV4AuthExtensionConfig)}.
 */
public final class SigV4AuthExtension implements Component, HttpClientAuthenticator {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final SigV4AuthExtensionConfig config;
  private final Logger logger;
  private final Map<String, String> environment;
  private final @Nullable AwsCredentialsProvider injectedCredentials;
  private final @Nullable URI stsEndpoint;
  private final AtomicBoolean started = new AtomicBoolean();
  private final List<SdkAutoCloseable> closeables = new ArrayList<>();
  private volatile @Nullable AwsCredentialsProvider credentials;

  private SigV4AuthExtension(Builder b) {
    this.config = b.config;
    this.logger = b.logger;
    this.environment = b.environment;
    this.injectedCredentials = b.credentials;
    this.stsEndpoint = b.stsEndpoint;
  }

  /** A builder for embedders and tests. */
  public static Builder builder(SigV4AuthExtensionConfig config) {
    return new Builder(config);
  }

  @Override
  public void start(Host host) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    credentials = buildCredentials();
    logger.info("SigV4 signing is ready", "region", config.region().isEmpty() ? "(inferred)" : config.region(),
        "service", config.service().isEmpty() ? "(inferred)" : config.service(),
        "assume_role", config.assumeRole() == null ? "" : config.assumeRole().arn());
  }

  private AwsCredentialsProvider buildCredentials() {
    AwsCredentialsProvider base = baseCredentials();
    SigV4AuthExtensionConfig.AssumeRole role = config.assumeRole();
    if (role == null) {
      return base;
    }
    StsClient sts = stsClient(role.stsRegion(), base);
    String session = role.sessionName().isEmpty() ? randomSessionName() : role.sessionName();
    StsAssumeRoleCredentialsProvider p = StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .asyncCredentialUpdateEnabled(false)
        .refreshRequest(r -> r.roleArn(role.arn()).roleSessionName(session))
        .build();
    closeables.add(p);
    return p;
  }

  private AwsCredentialsProvider baseCredentials() {
    if (injectedCredentials != null) {
      return injectedCredentials;
    }
    String key = environment.get("AWS_ACCESS_KEY_ID");
    String secret = environment.get("AWS_SECRET_ACCESS_KEY");
    if (key != null && !key.isEmpty() && secret != null && !secret.isEmpty()) {
      String token = environment.get("AWS_SESSION_TOKEN");
      AwsCredentials c = token == null || token.isEmpty()
          ? AwsBasicCredentials.create(key, secret)
          : AwsSessionCredentials.create(key, secret, token);
      return StaticCredentialsProvider.create(c);
    }
    String tokenFile = environment.get("AWS_WEB_IDENTITY_TOKEN_FILE");
    String roleArn = environment.get("AWS_ROLE_ARN");
    if (tokenFile != null && !tokenFile.isEmpty() && roleArn != null && !roleArn.isEmpty()) {
      String session = environment.getOrDefault("AWS_ROLE_SESSION_NAME", "");
      StsClient sts = stsClient("", AnonymousCredentialsProvider.create());
      StsWebIdentityTokenFileCredentialsProvider p = StsWebIdentityTokenFileCredentialsProvider.builder()
          .stsClient(sts)
          .asyncCredentialUpdateEnabled(false)
          .roleArn(roleArn)
          .roleSessionName(session.isEmpty() ? randomSessionName() : session)
          .webIdentityTokenFile(Path.of(tokenFile))
          .build();
      closeables.add(p);
      return p;
    }
    DefaultCredentialsProvider p = DefaultCredentialsProvider.builder().build();
    closeables.add(p);
    return p;
  }

  private StsClient stsClient(String stsRegion, AwsCredentialsProvider credentials) {
    String region = !stsRegion.isEmpty() ? stsRegion : !config.region().isEmpty() ? config.region()
        : environment.getOrDefault("AWS_REGION", environment.getOrDefault("AWS_DEFAULT_REGION", ""));
    if (region.isEmpty()) {
      // The global STS endpoint, as the SDK resolves it for us-east-1.
      region = "us-east-1";
    }
    StsClientBuilder b = StsClient.builder()
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create());
    if (stsEndpoint != null) {
      b.endpointOverride(stsEndpoint);
    }
    StsClient sts = b.build();
    closeables.add(sts);
    return sts;
  }

  private static String randomSessionName() {
    return "otelcol4j-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  @Override
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException {
    AwsCredentialsProvider provider = credentials;
    if (provider == null) {
      throw new IOException("sigv4auth is not started");
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String[] inferred = infer(host);
    String service = !config.service().isEmpty() ? config.service()
        : inferred[0] != null ? inferred[0] : SigV4AuthExtensionConfig.DEFAULT_SERVICE;
    String region = !config.region().isEmpty() ? config.region()
        : inferred[1] != null ? inferred[1] : environment.getOrDefault("AWS_REGION", "");
    if (region.isEmpty()) {
      throw new IOException("sigv4auth: no region: set region, or use an endpoint host such as"
          + " aps-workspaces.<region>.amazonaws.com, or set AWS_REGION (host: " + host + ")");
    }
    AwsCredentials creds;
    try {
      creds = provider.resolveCredentials();
    } catch (SdkException e) {
      // SDK messages name the providers tried, never secrets.
      throw new IOException("sigv4auth: cannot obtain AWS credentials: " + e.getMessage(), e);
    }
    SdkHttpRequest.Builder rb = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(rb::putHeader);
    SdkHttpRequest request = rb.build();
    SignedRequest signed;
    try {
      signed = SIGNER.sign(r -> r
          .identity(creds)
          .request(request)
          .payload(ContentStreamProvider.fromByteArray(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    } catch (RuntimeException e) {
      throw new IOException("sigv4auth: signing failed: " + e.getMessage(), e);
    }
    Map<String, String> added = new LinkedHashMap<>();
    signed.request().forEachHeader((name, values) -> {
      if (name.equalsIgnoreCase("host") || values.isEmpty()) {
        return;
      }
      String value = values.get(0);
      if (!value.equals(headers.get(name))) {
        added.put(name, value);
      }
    });
    return added;
  }

  /** {service, region} from an AWS endpoint host; nulls when the host is not one. */
  static @Nullable String[] infer(String host) {
    String[] out = new String[2];
    if (!(host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"))) {
      return out;
    }
    String[] parts = host.split("\\.");
    if (parts.length < 4) {
      return out;
    }
    if (parts[0].equals("aps-workspaces")) {
      out[0] = "aps";
    } else if (parts[0].startsWith("search-")) {
      out[0] = "es";
    } else {
      out[0] = parts[0];
    }
    out[1] = parts[1];
    return out;
  }

  @Override
  public void shutdown(Duration deadline) {
    synchronized (closeables) {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        try {
          closeables.get(i).close();
        } catch (RuntimeException e) {
          logger.warn("Closing an AWS client failed", e);
        }
      }
      closeables.clear();
    }
  }

  /** Builds a {@link SigV4AuthExtension}. */
  public static final class Builder {
    private final SigV4AuthExtensionConfig config;
    private Logger logger = Logger.noop();
    private Map<String, String> environment = System.getenv();
    private @Nullable AwsCredentialsProvider credentials;
    private @Nullable URI stsEndpoint;

    private Builder(SigV4AuthExtensionConfig config) {
      this.config = requireNonNull(config, "config");
    }

    /** Where to log; no logging by default. */
    public Builder logger(Logger logger) {
      this.logger = requireNonNull(logger, "logger");
      return this;
    }

    /**
     * The environment variables read for credentials and region ({@code AWS_ACCESS_KEY_ID},
     * {@code AWS_WEB_IDENTITY_TOKEN_FILE}, {@code AWS_ROLE_ARN}, {@code AWS_REGION}, ...); the
     * process environment by default.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment"));
      return this;
    }

    /** Base credentials instead of the environment and the default chain; {@code assume_role} still applies. */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = requireNonNull(credentials, "credentials");
      return this;
    }

    /** The STS endpoint, instead of the region's (e.g. a VPC endpoint, or a fake in tests). */
    public Builder stsEndpoint(URI stsEndpoint) {
      this.stsEndpoint = requireNonNull(stsEndpoint, "stsEndpoint");
      return this;
    }

    /** The extension. */
    public SigV4AuthExtension build() {
      return new SigV4AuthExtension(this);
    }
  }
}
