package io.otelcol4j.extension.sigv4auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.testing.NopHost;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class SigV4AuthExtensionTest {
  private static final byte[] BODY = "body".getBytes(StandardCharsets.UTF_8);
  private static final StaticCredentialsProvider KEYS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

  private static SigV4AuthExtension started(SigV4AuthExtensionConfig config, Map<String, String> env) {
    SigV4AuthExtension ext = SigV4AuthExtension.builder(config).environment(env).credentialsProvider(KEYS).build();
    ext.start(new NopHost());
    return ext;
  }

  @Test
  void infersServiceAndRegionFromAnAmpHost() throws Exception {
    SigV4AuthExtension ext = started(SigV4AuthExtensionConfig.defaults(), Map.of());

    Map<String, String> headers = ext.sign("POST",
        URI.create("https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write"),
        Map.of("Content-Type", "application/x-protobuf"), BODY);

    assertThat(headers.get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/eu-west-1/aps/aws4_request").contains("content-type").contains("host").doesNotContain("secret");
    assertThat(headers).containsKey("X-Amz-Date").doesNotContainKey("Host").doesNotContainKey("Content-Type");
    ext.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void configuredRegionAndServiceWinOverTheHost() throws Exception {
    SigV4AuthExtension ext = started(new SigV4AuthExtensionConfig("us-east-2", "es", null), Map.of());

    Map<String, String> headers = ext.sign("POST",
        URI.create("https://aps-workspaces.eu-west-1.amazonaws.com/x"), Map.of(), BODY);

    assertThat(headers.get("Authorization")).contains("/us-east-2/es/aws4_request");
  }

  @Test
  void otherHostsUseAwsRegionAndTheApsService() throws Exception {
    SigV4AuthExtension ext = started(SigV4AuthExtensionConfig.defaults(), Map.of("AWS_REGION", "ap-south-1"));

    Map<String, String> headers = ext.sign("POST", URI.create("http://127.0.0.1:9090/api/v1/write"), Map.of(), BODY);

    assertThat(headers.get("Authorization")).contains("/ap-south-1/aps/aws4_request");
  }

  @Test
  void withoutARegionSigningFailsWithAClearMessage() {
    SigV4AuthExtension ext = started(SigV4AuthExtensionConfig.defaults(), Map.of());

    assertThatThrownBy(() -> ext.sign("POST", URI.create("http://127.0.0.1:9090/api/v1/write"), Map.of(), BODY))
        .isInstanceOf(IOException.class)
        .hasMessage("sigv4auth: no region: set region, or use an endpoint host such as aps-workspaces.<region>.amazonaws.com,"
            + " or set AWS_REGION (host: 127.0.0.1)");
  }

  @Test
  void signingBeforeStartFails() {
    SigV4AuthExtension ext = SigV4AuthExtension.builder(SigV4AuthExtensionConfig.defaults()).build();

    assertThatThrownBy(() -> ext.sign("POST", URI.create("https://a.us-east-1.amazonaws.com/"), Map.of(), BODY))
        .isInstanceOf(IOException.class).hasMessage("sigv4auth is not started");
  }

  @Test
  void hostInference() {
    assertThat(SigV4AuthExtension.infer("aps-workspaces.us-west-2.amazonaws.com")).containsExactly("aps", "us-west-2");
    assertThat(SigV4AuthExtension.infer("search-logs-abc.eu-central-1.es.amazonaws.com")).containsExactly("es", "eu-central-1");
    assertThat(SigV4AuthExtension.infer("monitoring.us-east-1.amazonaws.com")).containsExactly("monitoring", "us-east-1");
    assertThat(SigV4AuthExtension.infer("prometheus.example.com")).containsExactly(null, null);
  }
}
