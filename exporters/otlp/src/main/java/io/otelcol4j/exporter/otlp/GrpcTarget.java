package io.otelcol4j.exporter.otlp;

import org.jspecify.annotations.Nullable;

/**
 * An {@code endpoint} split into host and port. As upstream's {@code configgrpc}, a leading
 * {@code http://} or {@code https://} is stripped, and {@code https://} turns TLS on whatever
 * {@code tls.insecure} says.
 */
record GrpcTarget(String host, int port, boolean https) {
  private static final String EXPECTED = " (expected: host:port or http(s)://host:port, e.g. otelcol:4317)";

  static GrpcTarget parse(String endpoint) {
    String bad = validate(endpoint);
    if (bad != null) {
      throw new IllegalArgumentException("endpoint " + bad);
    }
    boolean https = endpoint.startsWith("https://");
    String hostPort = strip(endpoint);
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new GrpcTarget(host, Integer.parseInt(hostPort.substring(colon + 1)), https);
  }

  /** Null when {@code endpoint} is usable, else what is wrong with it. */
  static @Nullable String validate(String endpoint) {
    String hostPort = strip(endpoint);
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0 || (hostPort.startsWith("[") && hostPort.lastIndexOf(']') > colon)) {
      return "\"" + endpoint + "\": missing port in address" + EXPECTED;
    }
    String port = hostPort.substring(colon + 1);
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 0 || p > 65535) {
      return "invalid port \"" + port + "\"" + EXPECTED;
    }
    if (colon == 0) {
      return "\"" + endpoint + "\": missing host" + EXPECTED;
    }
    return null;
  }

  private static String strip(String endpoint) {
    String s = endpoint;
    if (s.startsWith("https://")) {
      s = s.substring("https://".length());
    } else if (s.startsWith("http://")) {
      s = s.substring("http://".length());
    }
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
