package io.otelcol4j.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Client TLS for components that call out over HTTP or gRPC (exporters, scrapers), built from the
 * PEM files of a config's {@code tls} block, so every component reads them the same way and
 * reports the same errors.
 */
public final class PemTls {
  private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
  private static final String END_KEY = "-----END PRIVATE KEY-----";

  private PemTls() {}

  /**
   * An {@link SSLContext} for a client.
   *
   * @param caFile PEM certificates to trust instead of the JDK's; null or empty for the JDK's
   * @param certFile the client certificate chain (PEM) for mutual TLS; null or empty for none
   * @param keyFile the client's unencrypted PKCS#8 PEM key, required with {@code certFile}
   * @param insecureSkipVerify accept any server certificate and host name ({@code insecure_skip_verify})
   * @throws IOException naming the file when one cannot be read or parsed
   */
  public static SSLContext clientContext(@Nullable String caFile, @Nullable String certFile,
      @Nullable String keyFile, boolean insecureSkipVerify) throws IOException {
    try {
      TrustManager[] trust = null;
      if (insecureSkipVerify) {
        trust = new TrustManager[] {trustAll()};
      } else if (caFile != null && !caFile.isEmpty()) {
        KeyStore ks = emptyKeyStore();
        int i = 0;
        for (Certificate c : certificates(caFile)) {
          ks.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trust = tmf.getTrustManagers();
      }
      KeyManager[] keys = null;
      if (certFile != null && !certFile.isEmpty()) {
        if (keyFile == null || keyFile.isEmpty()) {
          throw new IOException("failed to load TLS config: cert_file " + certFile + " needs a key_file");
        }
        KeyStore ks = emptyKeyStore();
        ks.setKeyEntry("client", privateKey(keyFile), new char[0], certificates(certFile).toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        keys = kmf.getKeyManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("failed to load TLS config: " + e.getMessage(), e);
    }
  }

  /** Every certificate in a PEM file; at least one. */
  public static List<Certificate> certificates(String file) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      List<Certificate> out = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (out.isEmpty()) {
        throw new IOException("failed to load TLS config: no certificate in " + file);
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IOException("failed to load TLS config: cannot read certificates in " + file + ": " + e.getMessage(), e);
    }
  }

  /** An unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}): RSA, EC or Ed25519. */
  public static PrivateKey privateKey(String file) throws IOException {
    String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    int begin = pem.indexOf(BEGIN_KEY);
    int end = pem.indexOf(END_KEY);
    if (begin < 0 || end < begin) {
      throw new IOException("failed to load TLS config: " + file
          + " is not an unencrypted PKCS#8 PEM key (expected: " + BEGIN_KEY + ")");
    }
    byte[] der;
    try {
      der = java.util.Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN_KEY.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IOException("failed to load TLS config: " + file + " holds invalid base64", e);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IOException("failed to load TLS config: cannot read the key in " + file, last);
  }

  /**
   * {@code insecure_skip_verify}: accepts any server certificate; being an extended trust manager,
   * it also makes the JDK skip the host name check.
   */
  public static X509ExtendedTrustManager trustAll() {
    return TrustAll.INSTANCE;
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    return ks;
  }

  private static final class TrustAll extends X509ExtendedTrustManager {
    static final TrustAll INSTANCE = new TrustAll();

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
