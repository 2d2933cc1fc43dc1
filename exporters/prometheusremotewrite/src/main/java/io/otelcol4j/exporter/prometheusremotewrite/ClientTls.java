package io.otelcol4j.exporter.prometheusremotewrite;

import io.otelcol4j.tls.PemTls;
import java.io.IOException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** Builds the client's {@link SSLContext} from the {@code tls} block. */
final class ClientTls {
  private ClientTls() {}

  static SSLContext context(PrometheusRemoteWriteExporterConfig.Tls tls) throws IOException {
    return PemTls.clientContext(tls.caFile(), tls.certFile(), tls.keyFile(), tls.insecureSkipVerify());
  }

  static SSLParameters parameters(PrometheusRemoteWriteExporterConfig.Tls tls) {
    SSLParameters p = new SSLParameters();
    p.setProtocols(tls.minVersion().equals("1.3") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"});
    return p;
  }
}
