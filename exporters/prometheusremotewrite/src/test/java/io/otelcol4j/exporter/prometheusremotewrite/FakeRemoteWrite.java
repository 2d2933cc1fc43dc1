package io.otelcol4j.exporter.prometheusremotewrite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A remote-write endpoint on 127.0.0.1: records each request (headers, decoded body, arrival
 * time) and answers what the test's responder says (204 by default). With a {@link SigV4Verifier}
 * it behaves as Amazon Managed Service for Prometheus: a bad signature gets 403.
 */
final class FakeRemoteWrite implements AutoCloseable {
  record Request(int index, Map<String, String> headers, byte[] body, long arrivalNanos) {
    WriteRequestText.Decoded decoded() {
      try {
        return WriteRequestText.decode(WriteRequestText.unsnappy(body));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  record Response(int status, Map<String, String> headers, String body) {
    static Response of(int status) {
      return new Response(status, Map.of(), "");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Request> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile Function<Request, Response> responder = r -> Response.of(204);
  private volatile SigV4Verifier verifier;

  FakeRemoteWrite() throws IOException {
    this(0);
  }

  FakeRemoteWrite(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  FakeRemoteWrite responder(Function<Request, Response> responder) {
    this.responder = responder;
    return this;
  }

  FakeRemoteWrite verifier(SigV4Verifier verifier) {
    this.verifier = verifier;
    return this;
  }

  int port() {
    return server.getAddress().getPort();
  }

  String endpoint() {
    return "http://127.0.0.1:" + port() + "/api/v1/write";
  }

  /** Every request received. */
  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** Requests answered with 2xx. */
  List<Request> accepted() {
    return new ArrayList<>(accepted);
  }

  /** Samples (as "name{labels} value") of every accepted request, in arrival order. */
  List<String> acceptedSamples() {
    List<String> out = new ArrayList<>();
    for (Request r : accepted) {
      for (WriteRequestText.Series s : r.decoded().series()) {
        for (String p : s.points()) {
          out.add(s.labels() + " " + p);
        }
      }
    }
    return out;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      Request r = new Request(count.getAndIncrement(), headers, body, System.nanoTime());
      requests.add(r);
      Response resp;
      SigV4Verifier v = verifier;
      String why = v == null ? null : v.verify(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
          ex.getRequestURI().getRawQuery(), headers, body);
      if (why != null) {
        resp = new Response(403, Map.of("Content-Type", "application/json"), "{\"message\":\"" + why + "\"}");
      } else {
        resp = responder.apply(r);
      }
      if (resp.status / 100 == 2) {
        accepted.add(r);
      }
      resp.headers.forEach((k, val) -> ex.getResponseHeaders().set(k, val));
      byte[] out = resp.body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(resp.status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  /** Waits until {@code n} requests were accepted; false after {@code timeout}. */
  boolean awaitAccepted(int n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (accepted.size() < n) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
