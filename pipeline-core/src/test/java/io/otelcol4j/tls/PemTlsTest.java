package io.otelcol4j.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTlsTest {
  @TempDir Path dir;

  @Test
  void defaultsAndInsecureSkipVerifyNeedNoFiles() throws Exception {
    assertThat(PemTls.clientContext(null, "", null, false).getProtocol()).isEqualTo("TLS");
    assertThat(PemTls.clientContext("", null, null, true)).isNotNull();
    assertThat(PemTls.trustAll().getAcceptedIssuers()).isEmpty();
  }

  @Test
  void aCertificateWithoutAKeyIsRefused() {
    assertThatThrownBy(() -> PemTls.clientContext(null, "client.pem", "", false))
        .isInstanceOf(IOException.class)
        .hasMessage("failed to load TLS config: cert_file client.pem needs a key_file");
  }

  @Test
  void aFileWithoutCertificatesIsNamed() throws Exception {
    Path empty = Files.writeString(dir.resolve("ca.pem"), "");
    assertThatThrownBy(() -> PemTls.clientContext(empty.toString(), null, null, false))
        .isInstanceOf(IOException.class)
        .hasMessage("failed to load TLS config: no certificate in " + empty);
  }

  @Test
  void aKeyThatIsNotPkcs8PemIsNamed() throws Exception {
    Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemTls.privateKey(key.toString()))
        .isInstanceOf(IOException.class)
        .hasMessage("failed to load TLS config: " + key
            + " is not an unencrypted PKCS#8 PEM key (expected: -----BEGIN PRIVATE KEY-----)");
  }

  @Test
  void garbageInsideTheKeyIsNamed() throws Exception {
    Path key = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemTls.privateKey(key.toString()))
        .isInstanceOf(IOException.class)
        .hasMessage("failed to load TLS config: cannot read the key in " + key);
  }
}
