package io.otelcol4j.auth;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * A client-side authenticator for HTTP exporters, provided by an extension (e.g. {@code sigv4auth})
 * and named by an exporter's {@code auth.authenticator} key. The exporter finds it at start with
 * {@code host.extension(id, HttpClientAuthenticator.class)} and calls {@link #sign} for every
 * request, after the body is final (compressed), so that signatures cover the exact bytes sent.
 *
 * <p>Implementations are thread-safe: exporters sign from several sending threads at once. They
 * never log secrets, and refresh what they need (e.g. temporary credentials) themselves.
 */
public interface HttpClientAuthenticator {
  /**
   * Authenticates one request.
   *
   * @param method the HTTP method, e.g. {@code POST}
   * @param uri the full request URI; the {@code Host} header the client sends is derived from it
   * @param headers the headers the request will carry (names as the exporter writes them), without
   *     {@code Host}, {@code Content-Length} and other headers the HTTP client sets itself
   * @param body the exact body bytes that will be sent
   * @return the headers to add to (or replace on) the request, e.g. {@code Authorization} and
   *     {@code X-Amz-Date}; never {@code Host} or {@code Content-Length}
   * @throws IOException when credentials cannot be obtained or the request cannot be signed; the
   *     exporter treats it as a retryable failure
   */
  Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException;
}
