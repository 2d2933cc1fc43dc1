package io.otelcol4j.receiver.otlp;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint as the collector writes it: {@code host:port}, {@code [::1]:port} or {@code :port}
 * (every interface). Parsed without resolving the host, so config validation has no side effects.
 */
record HostPort(String host, int port) {
  static final String EXPECTED = "host:port, e.g. localhost:4317 or 127.0.0.1:0";

  /** The endpoint, or null when the text is not {@code host:port} with a port in 0..65535. */
  static @Nullable HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    String host = text.substring(0, colon);
    String port = text.substring(colon + 1);
    if (host.startsWith("[")) {
      if (!host.endsWith("]") || host.length() < 3) {
        return null;
      }
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return null; // an IPv6 literal must be bracketed
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    int p = Integer.parseInt(port);
    if (p > 65535 || host.chars().anyMatch(Character::isWhitespace)) {
      return null;
    }
    return new HostPort(host, p);
  }

  /** The address to bind: an empty host means every interface. Resolves the host name. */
  InetSocketAddress bindAddress() {
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
