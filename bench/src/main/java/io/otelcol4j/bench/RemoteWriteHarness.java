package io.otelcol4j.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OTLP metrics → collector (otlp receiver → batch → prometheusremotewrite) → a remote-write sink
 * in this process, and, in the same run, Prometheus in agent mode scraping the same series from
 * this process and remote-writing them to the same sink on a second path. Reports samples per
 * collector CPU second, wire bytes per sample for both, and the agent's CPU per sample.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.otelcol4j.bench.RemoteWriteHarness \
 *   --series 8192 --warmup 10 --duration 30 --threads 4 --channels 2 --rate 0 --batch on --queue-size 10000 [--prometheus /usr/bin/prometheus]
 *   [--jfr /tmp/rw.jfr] [--out rw.tsv]
 * </pre>
 */
public final class RemoteWriteHarness {
  private RemoteWriteHarness() {}

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    int series = a.getInt("series", 8192);
    int perRequest = a.getInt("items", 512);
    int warmup = a.getInt("warmup", 10);
    int duration = a.getInt("duration", 30);
    int threads = a.getInt("threads", 4);
    int channels = a.getInt("channels", 2);
    String batch = a.get("batch", "on");
    int queueSize = a.getInt("queue-size", 10000);
    int consumers = a.getInt("consumers", 5);
    String prometheus = a.get("prometheus", "/usr/bin/prometheus");
    String scrapeInterval = a.get("scrape-interval", "1s");
    List<String> jvm = new ArrayList<>(Arrays.asList(a.get("jvm", "-Xmx1g").trim().split("\\s+")));
    String out = a.get("out", "");
    String label = a.get("label", "");
    long rate = Long.parseLong(a.get("rate", "0"));
    String jfr = a.get("jfr", "");
    String jfrSettings = a.get("jfr-settings", "default");
    if (series % perRequest != 0) {
      throw new IllegalArgumentException("--series must be a multiple of --items");
    }

    Path dir = Files.createTempDirectory("otelcol4j-rw-");
    try (RemoteWriteSink sink = new RemoteWriteSink(textPage(series))) {
      String instance = "127.0.0.1:" + sink.port();
      List<byte[]> requests = new ArrayList<>();
      for (int first = 0; first < series; first += perRequest) {
        requests.add(Payloads.metrics(first, perRequest, true, "bench", instance, Payloads.BASE_NANOS).toByteArray());
      }
      int receiverPort = freePort();
      Path config = dir.resolve("config.yaml");
      Files.writeString(config, """
          receivers:
            otlp:
              protocols:
                grpc:
                  endpoint: 127.0.0.1:%d
          processors:
            batch: {}
          exporters:
            prometheusremotewrite:
              endpoint: http://127.0.0.1:%d/otel
              target_info: {enabled: false}
              remote_write_queue: {enabled: true, queue_size: %d, num_consumers: %d}
          service:
            pipelines:
              metrics:
                receivers: [otlp]
                processors: %s
                exporters: [prometheusremotewrite]
          """.formatted(receiverPort, sink.port(), queueSize, consumers, batch.equals("on") ? "[batch]" : "[]"));
      int agentPort = freePort();
      Path promConfig = dir.resolve("prometheus.yml");
      Files.writeString(promConfig, """
          global:
            scrape_interval: %s
            scrape_timeout: %s
          scrape_configs:
            - job_name: bench
              static_configs:
                - targets: ['%s']
          remote_write:
            - url: http://127.0.0.1:%d/agent
          """.formatted(scrapeInterval, scrapeInterval, instance, sink.port()));
      Process agent = new ProcessBuilder(prometheus, "--enable-feature=agent",
          "--config.file=" + promConfig, "--web.listen-address=127.0.0.1:" + agentPort,
          "--storage.agent.path=" + dir.resolve("agent-data"), "--storage.remote.flush-deadline=5s")
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try (ChildCollector child = new ChildCollector(config, jvm, dir.resolve("collector.log"));
          LoadClients load = new LoadClients(receiverPort, channels, threads, GrpcBytes.method("metrics"), requests,
              perRequest, rate)) {
        load.start();
        Thread.sleep(warmup * 1000L);
        String loadBefore = ProcStats.loadAverage();
        if (!jfr.isEmpty()) {
          child.command("jfr-start " + jfrSettings + " " + jfr);
        }
        child.command("alloc-start");
        long t0 = System.nanoTime();
        long[] o0 = sink.otel.snapshot();
        long sent0 = load.sentItems.sum();
        long[] a0 = sink.agent.snapshot();
        double cpu0 = ProcStats.cpuSeconds(child.pid());
        java.util.Map<String, Double> groups0 = ProcStats.threadGroupCpu(child.pid());
        double agentCpu0 = ProcStats.cpuSeconds(agent.pid());
        double self0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        Thread.sleep(duration * 1000L);
        long[] o1 = sink.otel.snapshot();
        long sent1 = load.sentItems.sum();
        long[] a1 = sink.agent.snapshot();
        double cpu1 = ProcStats.cpuSeconds(child.pid());
        java.util.Map<String, Double> groups1 = ProcStats.threadGroupCpu(child.pid());
        double agentCpu1 = ProcStats.cpuSeconds(agent.pid());
        double self1 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        long t1 = System.nanoTime();
        String alloc = child.command("alloc-end");
        if (!jfr.isEmpty()) {
          child.command("jfr-stop");
        }
        String loadAfter = ProcStats.loadAverage();
        long hwm = ProcStats.statusKb(child.pid(), "VmHWM");
        long agentHwm = ProcStats.statusKb(agent.pid(), "VmHWM");
        double secs = (t1 - t0) / 1e9;

        Map<String, String> row = new LinkedHashMap<>();
        long oSamples = o1[4] - o0[4];
        double cpu = cpu1 - cpu0;
        long aSamples = a1[4] - a0[4];
        double agentCpu = agentCpu1 - agentCpu0;
        StringBuilder r = new StringBuilder();
        r.append("== remote-write: ").append(series).append(" series, OTLP gauges, ").append(perRequest)
            .append(" points/request, batch=").append(batch).append(label.isEmpty() ? "" : ", " + label).append('\n');
        r.append(String.format("collector: %,.0f samples/s delivered; CPU %.2f s = %.2f cores; %,.0f samples per CPU second;"
            + " %.3f CPU s per million samples; peak RSS %,d MiB; JVM flags: %s%n",
            oSamples / secs, cpu, cpu / secs, oSamples / cpu, cpu / (oSamples / 1e6), hwm / 1024, String.join(" ", jvm)));
        r.append(describe("collector", o0, o1));
        r.append(String.format("client: %d threads, %d channels, offered " + (rate > 0 ? rate + " samples/s" : "as fast as accepted") + "; accepted by the collector %,.0f samples/s; refused %,d in all (%s);"
            + " harness CPU %.2f cores; exporter remote_write_queue: queue_size %d, num_consumers %d%n",
            threads, channels, (sent1 - sent0) / secs, load.refused.sum(), load.lastError, (self1 - self0) / secs,
            queueSize, consumers));
        r.append(String.format("prometheus agent (scrape every %s, %d scrapes in all): %,.0f samples/s; CPU %.2f s;"
            + " %.2f µs CPU per sample; peak RSS %,d MiB%n", scrapeInterval, sink.scrapes.sum(), aSamples / secs, agentCpu,
            aSamples == 0 ? Double.NaN : agentCpu * 1e6 / aSamples, agentHwm / 1024));
        r.append(describe("agent", a0, a1));
        r.append(String.format("collector CPU per sample: %.2f µs; allocated %,.0f bytes/sample%n", cpu * 1e6 / oSamples,
            alloc.startsWith("ALLOC ") ? Long.parseLong(alloc.split(" ")[1]) / (double) oSamples : Double.NaN));
        r.append("collector CPU by thread group (measured window):\n").append(ProcStats.threadGroupDelta(groups0, groups1));
        r.append("load average before/after: ").append(loadBefore).append(" / ").append(loadAfter).append('\n');
        System.out.print(r);
        if (!jfr.isEmpty()) {
          System.out.print(JfrReport.report(Path.of(jfr), 10));
        }
        if (!out.isEmpty()) {
          row.put("label", label);
          row.put("samples_s", String.format("%.0f", oSamples / secs));
          row.put("cores", String.format("%.2f", cpu / secs));
          row.put("per_core", String.format("%.0f", oSamples / cpu));
          row.put("otel_wire_b", String.format("%.2f", (o1[1] - o0[1]) / (double) oSamples));
          row.put("agent_wire_b", String.format("%.2f", (a1[1] - a0[1]) / (double) aSamples));
          row.put("agent_us", String.format("%.2f", agentCpu * 1e6 / aSamples));
          row.put("load", loadBefore + " / " + loadAfter);
          Files.writeString(Path.of(out), String.join("\t", row.values()) + "\n", StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
      } finally {
        agent.destroy();
        if (!agent.waitFor(20, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    }
    ChildCollector.deleteTree(dir);
  }

  private static String describe(String who, long[] s0, long[] s1) {
    long req = s1[0] - s0[0];
    long wire = s1[1] - s0[1];
    long raw = s1[2] - s0[2];
    long ser = s1[3] - s0[3];
    long smp = s1[4] - s0[4];
    return String.format("  %s wire: %,d requests, %.1f samples/request, %.2f samples/series entry, %.2f compressed bytes/sample,"
        + " %.2f uncompressed bytes/sample, %d bad requests%n", who, req, smp / (double) Math.max(1, req),
        smp / (double) Math.max(1, ser), wire / (double) smp, raw / (double) smp, s1[5] - s0[5]);
  }

  /** The series of the universe as a Prometheus text page (same names, labels and values as the OTLP). */
  static byte[] textPage(int series) {
    Map<String, StringBuilder> families = new LinkedHashMap<>();
    for (int g = 0; g < series; g++) {
      Payloads.Series s = Payloads.series(g);
      StringBuilder b = families.computeIfAbsent(s.name(),
          n -> new StringBuilder("# HELP " + n + " A benchmark metric\n# TYPE " + n + " gauge\n"));
      b.append(s.name()).append('{');
      boolean first = true;
      for (Map.Entry<String, String> l : s.labels().entrySet()) {
        b.append(first ? "" : ",").append(l.getKey()).append("=\"").append(l.getValue()).append('"');
        first = false;
      }
      b.append("} ").append(Payloads.value(g)).append('\n');
    }
    StringBuilder page = new StringBuilder();
    families.values().forEach(page::append);
    return page.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
