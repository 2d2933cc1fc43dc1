package io.otelcol4j.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many scrape targets → collector (prometheus receiver → batch → prometheusremotewrite) → a
 * remote-write sink in this process, and, in the same run, Prometheus in agent mode scraping the
 * same targets at the same interval and remote-writing to the same sink on a second path.
 *
 * <p>One {@link ScrapeTargets} server serves {@code --targets} distinct pages at
 * {@code /t/<i>/metrics}. Both scrapers get the same static target list: {@code --targets} entries
 * {@code 127.0.0.1:<port>}, each with a label {@code shard: "<i>"}, and target relabeling that sets
 * {@code __metrics_path__} to {@code /t/$1/metrics} and {@code instance} to {@code shard-$1} from
 * {@code shard}. Reports per scraper: samples/s delivered, CPU µs per sample (CPU seconds over the
 * measured window / samples delivered in it), peak RSS; for the collector also heap in use after a
 * full GC ({@code System.gc()} in the child) per active series.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.otelcol4j.bench.ScrapeHarness \
 *   --targets 1000 --series 500 --interval 15 --warmup-intervals 2 --intervals 3 [--jvm "-Xmx2g -Xmn512m"]
 *   [--batch on] [--page-threads 4] [--prometheus /usr/bin/prometheus] [--jfr /tmp/x.jfr --jfr-settings default]
 * </pre>
 *
 * <p>Also reports bytes allocated in the collector per sample (Σ of {@code
 * ThreadMXBean.getThreadAllocatedBytes} deltas over the window) and, with {@code --jfr}, a JFR CPU
 * and allocation summary of the measured window.
 */
public final class ScrapeHarness {
  private ScrapeHarness() {}

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    int targets = a.getInt("targets", 1000);
    int series = a.getInt("series", 500);
    int interval = a.getInt("interval", 15);
    int warmupIntervals = a.getInt("warmup-intervals", 2);
    int intervals = a.getInt("intervals", 3);
    int pageThreads = a.getInt("page-threads", 4);
    String batch = a.get("batch", "on");
    String prometheus = a.get("prometheus", "/usr/bin/prometheus");
    List<String> jvm = new ArrayList<>(Arrays.asList(a.get("jvm", "-Xmx2g -Xmn512m").trim().split("\\s+")));
    String jfr = a.get("jfr", "");
    String jfrSettings = a.get("jfr-settings", "default");

    Path dir = Files.createTempDirectory("otelcol4j-scrape-");
    try (ScrapeTargets pages = new ScrapeTargets(targets, series, interval * 1000L, pageThreads);
        RemoteWriteSink sink = new RemoteWriteSink(new byte[0])) {
      String scrapeConfig = scrapeConfig(targets, pages.port(), interval);
      Path config = dir.resolve("config.yaml");
      Files.writeString(config, """
          receivers:
            prometheus:
              config:
          %s
          processors:
            batch: {}
          exporters:
            prometheusremotewrite:
              endpoint: http://127.0.0.1:%d/otel
              target_info: {enabled: false}
          service:
            pipelines:
              metrics:
                receivers: [prometheus]
                processors: %s
                exporters: [prometheusremotewrite]
          """.formatted(scrapeConfig.indent(6).stripTrailing(), sink.port(), batch.equals("on") ? "[batch]" : "[]"));
      Path promConfig = dir.resolve("prometheus.yml");
      Files.writeString(promConfig, scrapeConfig + """
          remote_write:
            - url: http://127.0.0.1:%d/agent
          """.formatted(sink.port()));
      int agentPort = freePort();
      Process agent = new ProcessBuilder(prometheus, "--enable-feature=agent",
          "--config.file=" + promConfig, "--web.listen-address=127.0.0.1:" + agentPort,
          "--storage.agent.path=" + dir.resolve("agent-data"), "--storage.remote.flush-deadline=5s")
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try (ChildCollector child = new ChildCollector(config, jvm, dir.resolve("collector.log"))) {
        String heapStart = child.command("heap");
        Thread.sleep(warmupIntervals * interval * 1000L);
        String loadBefore = ProcStats.loadAverage();
        if (!jfr.isEmpty()) {
          check(child.command("jfr-start " + jfrSettings + " " + jfr));
        }
        check(child.command("alloc-start"));
        long t0 = System.nanoTime();
        long[] o0 = sink.otel.snapshot();
        long[] a0 = sink.agent.snapshot();
        long os0 = pages.otherScrapes.sum();
        long as0 = pages.agentScrapes.sum();
        double cpu0 = ProcStats.cpuSeconds(child.pid());
        java.util.Map<String, Double> groups0 = ProcStats.threadGroupCpu(child.pid());
        double agentCpu0 = ProcStats.cpuSeconds(agent.pid());
        double self0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        Thread.sleep(intervals * interval * 1000L);
        long[] o1 = sink.otel.snapshot();
        long[] a1 = sink.agent.snapshot();
        long os1 = pages.otherScrapes.sum();
        long as1 = pages.agentScrapes.sum();
        double cpu1 = ProcStats.cpuSeconds(child.pid());
        java.util.Map<String, Double> groups1 = ProcStats.threadGroupCpu(child.pid());
        double agentCpu1 = ProcStats.cpuSeconds(agent.pid());
        double self1 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        long t1 = System.nanoTime();
        String alloc = child.command("alloc-end");
        if (!jfr.isEmpty()) {
          check(child.command("jfr-stop"));
        }
        String loadAfter = ProcStats.loadAverage();
        long hwm = ProcStats.statusKb(child.pid(), "VmHWM");
        long agentHwm = ProcStats.statusKb(agent.pid(), "VmHWM");
        String heap = child.command("heap");
        double secs = (t1 - t0) / 1e9;

        long oSamples = o1[4] - o0[4];
        long aSamples = a1[4] - a0[4];
        double cpu = cpu1 - cpu0;
        double agentCpu = agentCpu1 - agentCpu0;
        // Active series: page series per target plus the 5 synthetic series (up, scrape_*) per target.
        long active = (long) targets * (series + 5);
        long heapUsed = heapBytes(heap);
        long heapBase = heapBytes(heapStart);
        StringBuilder r = new StringBuilder();
        r.append(String.format("== scrape: %d targets x %d series (page ~%,d bytes), scrape_interval %ds, warm-up %d"
            + " intervals, measured %.1f s, batch=%s, collector JVM flags: %s%n", targets, series,
            pages.pageBytesApprox, interval, warmupIntervals, secs, batch, String.join(" ", jvm)));
        r.append(String.format("collector: %,d scrapes in window; %,.0f samples/s delivered; CPU %.2f s = %.2f cores;"
            + " %.2f µs CPU per sample; %,.0f samples per CPU second; peak RSS %,d MiB; heap after full GC %,.1f MiB ="
            + " %,.0f bytes per active series (%,d active); at start (before most first scrapes) %,.1f MiB, so"
            + " %,.0f bytes per series above it%n", os1 - os0, oSamples / secs, cpu, cpu / secs,
            cpu * 1e6 / oSamples, oSamples / cpu, hwm / 1024, heapUsed / 1048576.0, heapUsed / (double) active, active,
            heapBase / 1048576.0, (heapUsed - heapBase) / (double) active));
        long allocBytes = alloc.startsWith("ALLOC ") ? Long.parseLong(alloc.split(" ")[1]) : -1;
        r.append(String.format("  collector allocation: %,.0f bytes per sample (%,.1f MB/s)%n",
            allocBytes / (double) oSamples, allocBytes / secs / 1e6));
        r.append(describe("collector", o0, o1));
        r.append("collector CPU by thread group (measured window):\n").append(ProcStats.threadGroupDelta(groups0, groups1));
        r.append(String.format("prometheus agent: %,d scrapes in window; %,.0f samples/s delivered; CPU %.2f s = %.2f"
            + " cores; %.2f µs CPU per sample; %,.0f samples per CPU second; peak RSS %,d MiB%n", as1 - as0,
            aSamples / secs, agentCpu, agentCpu / secs, agentCpu * 1e6 / aSamples, aSamples / agentCpu,
            agentHwm / 1024));
        r.append(describe("agent", a0, a1));
        r.append(String.format("ratios collector/agent: CPU per sample %.2f (target <= 0.7); peak RSS %.2f (target <= 1.5);"
            + " heap per active series %.0f B (target <= 1024)%n",
            (cpu / oSamples) / (agentCpu / aSamples), hwm / (double) agentHwm, heapUsed / (double) active));
        r.append(String.format("harness (page server + sink) CPU %.2f cores; bad paths %d; load average before/after: %s / %s%n",
            (self1 - self0) / secs, pages.badPaths.sum(), loadBefore, loadAfter));
        System.out.print(r);
        if (!jfr.isEmpty()) {
          System.out.print(JfrReport.report(Path.of(jfr), 15));
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

  /** The Prometheus {@code global} + {@code scrape_configs} both scrapers use, at column 0. */
  static String scrapeConfig(int targets, int port, int interval) {
    StringBuilder b = new StringBuilder();
    b.append("global:\n  scrape_interval: ").append(interval).append("s\n  scrape_timeout: ")
        .append(Math.min(10, interval)).append("s\n");
    b.append("scrape_configs:\n  - job_name: node\n    static_configs:\n");
    for (int i = 0; i < targets; i++) {
      b.append("      - targets: ['127.0.0.1:").append(port).append("']\n        labels: {shard: '").append(i)
          .append("'}\n");
    }
    b.append("""
            relabel_configs:
              - source_labels: [shard]
                regex: (.*)
                target_label: __metrics_path__
                replacement: /t/$1/metrics
              - source_labels: [shard]
                regex: (.*)
                target_label: instance
                replacement: shard-$1
        """);
    return b.toString();
  }

  private static void check(String answer) {
    if (!answer.equals("OK")) {
      throw new IllegalStateException("collector answered " + answer);
    }
  }

  private static long heapBytes(String answer) {
    return answer.startsWith("HEAP ") ? Long.parseLong(answer.substring(5).trim()) : -1;
  }

  private static String describe(String who, long[] s0, long[] s1) {
    long req = s1[0] - s0[0];
    long smp = s1[4] - s0[4];
    return String.format("  %s wire: %,d requests, %.1f samples/request, %.2f compressed bytes/sample, %d bad requests%n",
        who, req, smp / (double) Math.max(1, req), (s1[1] - s0[1]) / (double) Math.max(1, smp), s1[5] - s0[5]);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
