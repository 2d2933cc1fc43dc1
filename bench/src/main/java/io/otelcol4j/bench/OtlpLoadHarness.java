package io.otelcol4j.bench;

import com.google.protobuf.MessageLite;
import com.sun.management.ThreadMXBean;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OTLP pass-through load: this process runs a sink gRPC server and K client threads; the collector
 * runs as a child JVM ({@link CollectorMain}) with otlp receiver → [batch] → otlp exporter → sink.
 * Reports delivered items/s, the collector's CPU seconds in the measured window (from
 * {@code /proc/<pid>/stat}), items per collector CPU second ("per core"), peak RSS, allocated bytes
 * per item and, with {@code --jfr}, a CPU and allocation profile of the window.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.otelcol4j.bench.OtlpLoadHarness \
 *   --signals traces,metrics,logs --warmup 10 --duration 30 --threads 8 --channels 4 \
 *   --batch on --compression none --rate 0 --jvm "-Xmx1g" [--jfr /tmp/x.jfr --jfr-settings default|profile] [--out results.tsv]
 * </pre>
 */
public final class OtlpLoadHarness {
  private OtlpLoadHarness() {}

  private static String jfrSettings = "default";
  private static long rate;

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    String[] signals = a.get("signals", "traces,metrics,logs").split(",");
    int warmup = a.getInt("warmup", 10);
    int duration = a.getInt("duration", 30);
    int threads = a.getInt("threads", 8);
    int channels = a.getInt("channels", 4);
    int items = a.getInt("items", 512);
    boolean batch = a.get("batch", "on").equals("on");
    String compression = a.get("compression", "none");
    List<String> jvm = new ArrayList<>(Arrays.asList(a.get("jvm", "-Xmx1g").trim().split("\\s+")));
    String jfr = a.get("jfr", "");
    jfrSettings = a.get("jfr-settings", "default");
    String out = a.get("out", "");
    String label = a.get("label", "");
    rate = Long.parseLong(a.get("rate", "0"));

    for (String signal : signals) {
      run(signal, warmup, duration, threads, channels, items, batch, compression, jvm, jfr, out, label);
    }
  }

  private static void run(String signal, int warmup, int duration, int threads, int channels, int items,
      boolean batch, String compression, List<String> jvm, String jfr, String out, String label) throws Exception {
    List<byte[]> requests = new ArrayList<>();
    MessageLite sample;
    switch (signal) {
      case "traces" -> {
        for (int v = 0; v < 4; v++) {
          requests.add(Payloads.traces(items, v).toByteArray());
        }
        sample = ExportTraceServiceRequest.parseFrom(requests.get(0));
      }
      case "logs" -> {
        for (int v = 0; v < 4; v++) {
          requests.add(Payloads.logs(items, v).toByteArray());
        }
        sample = ExportLogsServiceRequest.parseFrom(requests.get(0));
      }
      case "metrics" -> {
        for (int v = 0; v < 4; v++) {
          requests.add(Payloads.metrics(v * items, items, false, "checkout", "checkout-7d9f-1",
              Payloads.BASE_NANOS).toByteArray());
        }
        sample = ExportMetricsServiceRequest.parseFrom(requests.get(0));
      }
      default -> throw new IllegalArgumentException("unknown signal " + signal);
    }
    double parseBytesPerItem = parseAllocationPerItem(signal, requests.get(0), items);
    int requestBytes = sample.getSerializedSize();

    Path dir = Files.createTempDirectory("otelcol4j-bench-");
    int receiverPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      receiverPort = s.getLocalPort();
    }
    try (OtlpSink sink = new OtlpSink()) {
      Path config = dir.resolve("config.yaml");
      Files.writeString(config, config(receiverPort, sink.port(), batch, compression));
      try (ChildCollector child = new ChildCollector(config, jvm, dir.resolve("collector.log"));
          LoadClients load = new LoadClients(receiverPort, channels, threads, GrpcBytes.method(signal), requests, items, rate)) {
        long self = ProcessHandle.current().pid();
        load.start();
        Thread.sleep(warmup * 1000L);

        String loadBefore = ProcStats.loadAverage();
        if (!jfr.isEmpty()) {
          check(child.command("jfr-start " + jfrSettings + " " + jfr));
        }
        check(child.command("alloc-start"));
        long t0 = System.nanoTime();
        long sink0 = sink.items(signal);
        long sent0 = load.sentItems.sum();
        double cpu0 = ProcStats.cpuSeconds(child.pid());
        java.util.Map<String, Double> groups0 = ProcStats.threadGroupCpu(child.pid());
        double self0 = ProcStats.cpuSeconds(self);

        Thread.sleep(duration * 1000L);

        long sink1 = sink.items(signal);
        long sent1 = load.sentItems.sum();
        double cpu1 = ProcStats.cpuSeconds(child.pid());
        java.util.Map<String, Double> groups1 = ProcStats.threadGroupCpu(child.pid());
        double self1 = ProcStats.cpuSeconds(self);
        long t1 = System.nanoTime();
        String alloc = child.command("alloc-end");
        if (!jfr.isEmpty()) {
          check(child.command("jfr-stop"));
        }
        String loadAfter = ProcStats.loadAverage();
        long hwmKb = ProcStats.statusKb(child.pid(), "VmHWM");
        long rssKb = ProcStats.statusKb(child.pid(), "VmRSS");

        double secs = (t1 - t0) / 1e9;
        long delivered = sink1 - sink0;
        double cpu = cpu1 - cpu0;
        double selfCpu = self1 - self0;
        long allocBytes = alloc.startsWith("ALLOC ") ? Long.parseLong(alloc.split(" ")[1]) : -1; // -1: child too busy to answer
        double allocPerItem = allocBytes / (double) delivered;

        StringBuilder r = new StringBuilder();
        r.append("== ").append(signal).append(" pass-through, batch=").append(batch ? "on" : "off")
            .append(", exporter compression=").append(compression).append(label.isEmpty() ? "" : ", " + label).append('\n');
        r.append(String.format("client: %d threads, %d channels, %d items/request (%d bytes), offered %s, %ds warm-up, %.1fs measured%n",
            threads, channels, items, requestBytes, rate > 0 ? rate + " items/s" : "as fast as accepted", warmup, secs));
        r.append(String.format("delivered to sink: %,.0f items/s (sent %,.0f items/s, refused total %,d: %s)%n",
            delivered / secs, (sent1 - sent0) / secs, load.refused.sum(), load.lastError));
        r.append(String.format("collector CPU: %.2f s = %.2f cores busy; items per collector CPU second: %,.0f%n",
            cpu, cpu / secs, delivered / cpu));
        r.append(String.format("collector CPU seconds per million items: %.3f%n", cpu / (delivered / 1e6)));
        r.append(String.format("harness CPU: %.2f s = %.2f cores (client + sink)%n", selfCpu, selfCpu / secs));
        r.append(String.format("collector peak RSS (VmHWM): %,d MiB, RSS at end: %,d MiB, JVM flags: %s%n",
            hwmKb / 1024, rssKb / 1024, String.join(" ", jvm)));
        // Pass-through batches keep the received bytes and decode nothing, so the message the collector
        // holds is the request's own bytes: what is allocated beyond them is the overhead per item.
        double wirePerItem = requestBytes / (double) items;
        r.append(String.format("allocated in the collector: %,.0f bytes/item; the received message (request bytes):"
            + " %,.0f bytes/item; beyond the received message: %,.0f bytes/item; (for comparison, protobuf parse of the"
            + " request alone: %,.0f bytes/item)%n", allocPerItem, wirePerItem, allocPerItem - wirePerItem, parseBytesPerItem));
        r.append("collector CPU by thread group (measured window):\n").append(ProcStats.threadGroupDelta(groups0, groups1));
        r.append("load average before/after: ").append(loadBefore).append(" / ").append(loadAfter).append('\n');
        System.out.print(r);
        if (!jfr.isEmpty()) {
          System.out.print(JfrReport.report(Path.of(jfr), 10));
        }
        if (!out.isEmpty()) {
          String line = String.join("\t", label, signal, batch ? "batch" : "nobatch", compression,
              String.format("%.0f", delivered / secs), String.format("%.2f", cpu / secs),
              String.format("%.0f", delivered / cpu), String.format("%.3f", cpu / (delivered / 1e6)),
              String.format("%.2f", selfCpu / secs), Long.toString(hwmKb / 1024),
              String.format("%.0f", allocPerItem), String.format("%.0f", parseBytesPerItem),
              loadBefore, loadAfter, jfr.isEmpty() ? "" : "jfr") + "\n";
          Files.writeString(Path.of(out), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
      }
    }
    ChildCollector.deleteTree(dir);
  }

  private static void check(String answer) {
    if (!answer.equals("OK")) {
      throw new IllegalStateException("collector child answered " + answer);
    }
  }

  static String config(int receiverPort, int sinkPort, boolean batch, String compression) {
    return """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
        processors:
          batch: {}
        exporters:
          otlp:
            endpoint: 127.0.0.1:%d
            compression: %s
            tls:
              insecure: true
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: %s
              exporters: [otlp]
            metrics:
              receivers: [otlp]
              processors: %s
              exporters: [otlp]
            logs:
              receivers: [otlp]
              processors: %s
              exporters: [otlp]
        """.formatted(receiverPort, sinkPort, compression, batch ? "[batch]" : "[]", batch ? "[batch]" : "[]",
        batch ? "[batch]" : "[]");
  }

  /** Bytes allocated by {@code parseFrom(byte[])} of the request, per item (averaged over 200 parses). */
  static double parseAllocationPerItem(String signal, byte[] bytes, int items) throws IOException {
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    for (int i = 0; i < 200; i++) {
      parse(signal, bytes);
    }
    long before = mx.getThreadAllocatedBytes(tid);
    int n = 200;
    for (int i = 0; i < n; i++) {
      parse(signal, bytes);
    }
    return (mx.getThreadAllocatedBytes(tid) - before) / (double) n / items;
  }

  private static Object parse(String signal, byte[] bytes) throws IOException {
    return switch (signal) {
      case "traces" -> ExportTraceServiceRequest.parseFrom(bytes);
      case "metrics" -> ExportMetricsServiceRequest.parseFrom(bytes);
      default -> ExportLogsServiceRequest.parseFrom(bytes);
    };
  }
}
