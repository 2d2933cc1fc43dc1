package io.otelcol4j.exporter.prometheusremotewrite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS STS on 127.0.0.1 for AssumeRole (signed with the caller's credentials, checked with
 * {@link SigV4Verifier}) and AssumeRoleWithWebIdentity (checks the token). Each call issues new
 * temporary credentials and allows them on the fake AMP's verifier.
 */
final class FakeSts implements AutoCloseable {
  /** One call: its Action and parameters. */
  record Call(String action, Map<String, String> params) {}

  private final HttpServer server;
  private final SigV4Verifier callerVerifier;
  private final SigV4Verifier ampVerifier;
  private final String expectedWebIdentityToken;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();

  FakeSts(SigV4Verifier callerVerifier, SigV4Verifier ampVerifier, String expectedWebIdentityToken) throws IOException {
    this.callerVerifier = callerVerifier;
    this.ampVerifier = ampVerifier;
    this.expectedWebIdentityToken = expectedWebIdentityToken;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> params = new TreeMap<>();
      for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
        int i = pair.indexOf('=');
        if (i > 0) {
          params.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
        }
      }
      String action = params.getOrDefault("Action", "");
      calls.add(new Call(action, params));
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      String error = switch (action) {
        case "AssumeRole" -> callerVerifier.verify(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
            ex.getRequestURI().getRawQuery(), headers, body);
        case "AssumeRoleWithWebIdentity" -> expectedWebIdentityToken.equals(params.get("WebIdentityToken"))
            ? null : "InvalidIdentityToken";
        default -> "unsupported action " + action;
      };
      if (error != null) {
        respond(ex, 403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            + "<Code>AccessDenied</Code><Message>" + error + "</Message></Error><RequestId>r</RequestId></ErrorResponse>");
        return;
      }
      int n = issued.incrementAndGet();
      String akid = "ASIAFAKE" + n;
      String secret = "temp-secret-" + n;
      String token = "temp-token-" + n;
      ampVerifier.allow(akid, secret, token);
      respond(ex, 200, "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action + "Result>"
          + "<Credentials><AccessKeyId>" + akid + "</AccessKeyId><SecretAccessKey>" + secret + "</SecretAccessKey>"
          + "<SessionToken>" + token + "</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
          + "<AssumedRoleUser><Arn>" + params.get("RoleArn") + "/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>"
          + "</" + action + "Result><ResponseMetadata><RequestId>r-" + n + "</RequestId></ResponseMetadata></" + action
          + "Response>");
    }
  }

  private static void respond(HttpExchange ex, int status, String xml) throws IOException {
    byte[] out = xml.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.sendResponseHeaders(status, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
