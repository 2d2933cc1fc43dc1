package io.otelcol4j.exporterhelper;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.otelcol4j.consumer.TracesBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once across a crash: a child JVM acknowledges batches (its {@code consume} returned, so
 * they are in the persistent queue) while an HTTP sink refuses most sends with 503 to keep a
 * backlog; the child is killed with SIGKILL mid-stream; a second child on the same directory must
 * deliver every acknowledged batch.
 */
class PersistentQueueCrashIT {
  private static final int BATCHES = 400;

  @TempDir Path dir;

  private HttpServer sink;
  private ExecutorService sinkPool;
  private final Set<Long> delivered = ConcurrentHashMap.newKeySet();
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicInteger requests = new AtomicInteger();
  /** Answer 503 to all but one in {@code refuseEvery} requests. */
  private volatile int acceptOneIn = 4;
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void startSink() throws IOException {
    sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sinkPool = Executors.newFixedThreadPool(4);
    sink.setExecutor(sinkPool);
    sink.createContext("/v1/traces", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        if (requests.incrementAndGet() % acceptOneIn != 0) {
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        List<Long> seqs = Batches.seqs(TracesBatch.parseFrom(body));
        delivered.addAll(seqs);
        deliveries.addAndGet(seqs.size());
        exchange.sendResponseHeaders(200, -1);
      } finally {
        exchange.close();
      }
    });
    sink.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    sink.stop(0);
    sinkPool.shutdownNow();
  }

  private Process child(String mode, int count, Path stderr) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        PersistentQueueCrashChild.class.getName(), mode, dir.resolve("storage").toString(),
        Integer.toString(sink.getAddress().getPort()), Integer.toString(count));
    pb.redirectError(stderr.toFile());
    Process p = pb.start();
    children.add(p);
    return p;
  }

  /** Collects the child's stdout lines on a daemon thread. */
  private static List<String> lines(Process p) {
    List<String> out = new CopyOnWriteArrayList<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          out.add(l);
        }
      } catch (IOException e) {
        // The child was killed.
      }
    }, "child-stdout");
    t.setDaemon(true);
    t.start();
    return out;
  }

  private static boolean eventually(BooleanSupplier condition, long seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  private static Set<Long> acked(List<String> lines) {
    Set<Long> out = new TreeSet<>();
    for (String l : lines) {
      if (l.startsWith("ACK ")) {
        out.add(Long.parseLong(l.substring(4)));
      }
    }
    return out;
  }

  @Test
  void everyAcknowledgedBatchIsDeliveredAfterKill9() throws Exception {
    Path err1 = dir.resolve("producer.err");
    Process producer = child("produce", BATCHES, err1);
    List<String> out1 = lines(producer);
    boolean midStream = eventually(() -> acked(out1).size() >= BATCHES / 3, 20);
    assertThat(midStream).as("producer acknowledged a third of the batches; stderr: %s", read(err1)).isTrue();
    producer.destroyForcibly();
    assertThat(producer.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // Lines written before the kill are still read to the end of the stream.
    Thread.sleep(100);
    Set<Long> acked = acked(out1);
    Set<Long> deliveredBeforeKill = new TreeSet<>(delivered);

    acceptOneIn = 2;
    Path err2 = dir.resolve("drainer.err");
    Process drainer = child("drain", 0, err2);
    lines(drainer);
    boolean all = eventually(() -> delivered.containsAll(acked), 20);
    Set<Long> missing = new TreeSet<>(acked);
    missing.removeAll(delivered);
    assertThat(all)
        .as("acked %d, delivered before kill %d, missing %s; drainer stderr: %s",
            acked.size(), deliveredBeforeKill.size(), missing, read(err2))
        .isTrue();
    assertThat(deliveries.get()).isGreaterThanOrEqualTo(acked.size());
    System.out.printf("crash test: acked %d of %d before kill -9, %d delivered before the kill, %d requests, %d items delivered%n",
        acked.size(), BATCHES, deliveredBeforeKill.size(), requests.get(), deliveries.get());
    drainer.destroy();
    assertThat(drainer.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
