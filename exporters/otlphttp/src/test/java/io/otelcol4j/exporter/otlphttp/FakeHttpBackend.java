package io.otelcol4j.exporter.otlphttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** A scriptable OTLP/HTTP backend on 127.0.0.1: records requests, answers scripted responses first. */
final class FakeHttpBackend implements AutoCloseable {
  /** One received request, body decompressed. */
  record Received(String path, Map<String, List<String>> headers, byte[] body) {
    @Nullable String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A scripted answer. */
  record Answer(int status, Map<String, String> headers, byte[] body) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();
  private volatile Answer success = new Answer(200, Map.of("Content-Type", "application/x-protobuf"), new byte[0]);

  private FakeHttpBackend(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeHttpBackend start() throws IOException {
    return new FakeHttpBackend(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
  }

  static FakeHttpBackend startTls(SSLContext ctx) throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx));
    return new FakeHttpBackend(s);
  }

  String baseUrl() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  synchronized void answerNext(Answer... next) {
    answers.addAll(List.of(next));
  }

  void answerSuccessWith(Answer a) {
    success = a;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] raw;
      try (InputStream in = ex.getRequestBody()) {
        raw = in.readAllBytes();
      }
      String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
      byte[] body = raw;
      if ("gzip".equals(enc)) {
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
          body = gz.readAllBytes();
        }
      }
      Answer a;
      synchronized (this) {
        received.add(new Received(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
        a = answers.poll();
      }
      if (a == null) {
        a = success;
      }
      a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
      if (a.body().length > 0) {
        ex.getResponseBody().write(a.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
