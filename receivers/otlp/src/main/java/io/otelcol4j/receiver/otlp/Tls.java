package io.otelcol4j.receiver.otlp;

/** Shared wording for TLS set-up failures of both servers. */
final class Tls {
  private Tls() {}

  /** "cannot load TLS files for protocols.grpc.tls (cert_file a.crt, key_file a.key): why". */
  static String loadFailure(String protocol, OtlpReceiverConfig.Tls tls, Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String files = "cert_file " + tls.certFile() + ", key_file " + tls.keyFile()
        + (tls.clientCaFile() != null ? ", client_ca_file " + tls.clientCaFile() : "");
    return "cannot load TLS files for protocols." + protocol + ".tls (" + files + "): " + root.getMessage();
  }
}
