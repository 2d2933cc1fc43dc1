package io.otelcol4j.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A JDK HTTP server with two remote-write receivers ({@code /otel} for the collector,
 * {@code /agent} for Prometheus) that decode every snappy body and count series and samples, and
 * a scrape page {@code /metrics} serving the same series as Prometheus text.
 */
final class RemoteWriteSink implements AutoCloseable {
  static final class Stats {
    final LongAdder requests = new LongAdder();
    final LongAdder wireBytes = new LongAdder();
    final LongAdder rawBytes = new LongAdder();
    final LongAdder series = new LongAdder();
    final LongAdder samples = new LongAdder();
    final LongAdder errors = new LongAdder();

    long[] snapshot() {
      return new long[] {requests.sum(), wireBytes.sum(), rawBytes.sum(), series.sum(), samples.sum(), errors.sum()};
    }
  }

  final Stats otel = new Stats();
  final Stats agent = new Stats();
  final LongAdder scrapes = new LongAdder();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final byte[] page;

  RemoteWriteSink(byte[] page) throws IOException {
    this.page = page;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.createContext("/otel", ex -> receive(ex, otel));
    server.createContext("/agent", ex -> receive(ex, agent));
    server.createContext("/metrics", this::scrape);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void scrape(HttpExchange ex) throws IOException {
    try (ex) {
      scrapes.increment();
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      ex.sendResponseHeaders(200, page.length);
      ex.getResponseBody().write(page);
    }
  }

  private static void receive(HttpExchange ex, Stats s) throws IOException {
    try (ex; InputStream in = ex.getRequestBody()) {
      byte[] body = in.readAllBytes();
      try {
        int len = SnappyDecompressor.getUncompressedLength(body, 0);
        byte[] raw = new byte[len];
        new SnappyDecompressor().decompress(body, 0, body.length, raw, 0, raw.length);
        long[] counts = WireCount.remoteWrite(raw);
        s.requests.increment();
        s.wireBytes.add(body.length);
        s.rawBytes.add(len);
        s.series.add(counts[0]);
        s.samples.add(counts[1]);
        ex.sendResponseHeaders(204, -1);
      } catch (RuntimeException | IOException e) {
        s.errors.increment();
        byte[] msg = e.toString().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(400, msg.length);
        ex.getResponseBody().write(msg);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
