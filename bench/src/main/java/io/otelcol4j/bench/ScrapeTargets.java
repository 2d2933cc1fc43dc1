package io.otelcol4j.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * One JDK HTTP server on 127.0.0.1 serving {@code targets} distinct scrape pages at
 * {@code /t/<i>/metrics}: each page has {@code series} series of node_exporter-like families
 * (counters and gauges with {@code cpu}/{@code mode}/{@code device}/{@code mountpoint}/... labels),
 * values a function of the target, the series and the current {@code interval} step, so they change
 * slowly (once per interval) and differ between targets. Scrapes are counted per scraper
 * (User-Agent starting with {@code Prometheus/} → the agent, anything else → the collector).
 */
final class ScrapeTargets implements AutoCloseable {
  final LongAdder agentScrapes = new LongAdder();
  final LongAdder otherScrapes = new LongAdder();
  final LongAdder badPaths = new LongAdder();
  private final HttpServer server;
  private final ExecutorService executor;
  private final int targets;
  private final long stepMillis;
  /** Per series: the whole line up to and including the space before the value; headers included. */
  private final byte[][] prefixes;
  private final byte[][] headers;
  private final boolean[] counter;
  final int pageBytesApprox;

  ScrapeTargets(int targets, int series, long stepMillis, int threads) throws IOException {
    this.targets = targets;
    this.stepMillis = stepMillis;
    List<String[]> lines = lines(series);
    prefixes = new byte[series][];
    headers = new byte[series][];
    counter = new boolean[series];
    String lastFamily = "";
    int size = 0;
    for (int k = 0; k < series; k++) {
      String[] l = lines.get(k); // family, type, labels
      prefixes[k] = (l[0] + l[2] + " ").getBytes(StandardCharsets.UTF_8);
      counter[k] = l[1].equals("counter");
      if (!l[0].equals(lastFamily)) {
        headers[k] = ("# HELP " + l[0] + " node_exporter-like " + l[1] + ".\n# TYPE " + l[0] + " " + l[1] + "\n")
            .getBytes(StandardCharsets.UTF_8);
        size += headers[k].length;
        lastFamily = l[0];
      }
      size += prefixes[k].length + 12;
    }
    pageBytesApprox = size;
    executor = Executors.newFixedThreadPool(threads);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.createContext("/t/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath(); // /t/<i>/metrics
      int slash = path.indexOf('/', 3);
      int target = -1;
      if (slash > 3 && path.startsWith("/metrics", slash)) {
        try {
          target = Integer.parseInt(path.substring(3, slash));
        } catch (NumberFormatException e) {
          target = -1;
        }
      }
      if (target < 0 || target >= targets) {
        badPaths.increment();
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String ua = ex.getRequestHeaders().getFirst("User-Agent");
      (ua != null && ua.startsWith("Prometheus/") ? agentScrapes : otherScrapes).increment();
      byte[] page = page(target, System.currentTimeMillis() / stepMillis);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      ex.sendResponseHeaders(200, page.length);
      ex.getResponseBody().write(page);
    }
  }

  byte[] page(int target, long step) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(pageBytesApprox + 1024);
    for (int k = 0; k < prefixes.length; k++) {
      if (headers[k] != null) {
        out.writeBytes(headers[k]);
      }
      out.writeBytes(prefixes[k]);
      long base = (target * 7919L + k * 104729L) % 1_000_000L;
      String v = counter[k]
          ? Long.toString(base * 100 + step * (k % 13 + 1)) + "." + (step % 100)
          : Long.toString(base + (step % 5) * (k % 3)) + "." + ((target + k + step) % 10);
      out.writeBytes(v.getBytes(StandardCharsets.ISO_8859_1));
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** The first {@code series} lines of the node_exporter-like universe: {family, type, "{labels}"}. */
  private static List<String[]> lines(int series) {
    List<String[]> out = new ArrayList<>(series);
    String[] modes = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
    for (int cpu = 0; cpu < 16; cpu++) {
      for (String m : modes) {
        out.add(new String[] {"node_cpu_seconds_total", "counter", "{cpu=\"" + cpu + "\",mode=\"" + m + "\"}"});
      }
    }
    String[] net = {"receive_bytes", "receive_packets", "receive_errs", "receive_drop", "transmit_bytes",
        "transmit_packets", "transmit_errs", "transmit_drop"};
    for (String n : net) {
      for (int d = 0; d < 8; d++) {
        out.add(new String[] {"node_network_" + n + "_total", "counter", "{device=\"eth" + d + "\"}"});
      }
    }
    String[] disk = {"reads_completed", "writes_completed", "read_bytes", "written_bytes", "io_time_seconds"};
    for (String n : disk) {
      for (int d = 0; d < 8; d++) {
        out.add(new String[] {"node_disk_" + n + "_total", "counter", "{device=\"sd" + (char) ('a' + d) + "\"}"});
      }
    }
    String[] fs = {"size_bytes", "avail_bytes", "free_bytes", "files", "files_free", "readonly"};
    for (String n : fs) {
      for (int d = 0; d < 10; d++) {
        out.add(new String[] {"node_filesystem_" + n, "gauge",
            "{device=\"/dev/sd" + (char) ('a' + d) + "1\",fstype=\"ext4\",mountpoint=\"/mnt/data" + d + "\"}"});
      }
    }
    String[] mem = {"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active", "Inactive",
        "Active_anon", "Inactive_anon", "Active_file", "Inactive_file", "Unevictable", "Mlocked", "SwapTotal",
        "SwapFree", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable",
        "SUnreclaim", "KernelStack", "PageTables", "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed",
        "HugePages_Total", "HugePages_Free", "Hugepagesize", "DirectMap4k", "DirectMap2M", "DirectMap1G", "Percpu"};
    for (String m : mem) {
      out.add(new String[] {"node_memory_" + m + "_bytes", "gauge", ""});
    }
    for (int c = 0; c < 4; c++) {
      for (int s = 0; s < 16; s++) {
        out.add(new String[] {"node_hwmon_temp_celsius", "gauge", "{chip=\"platform_coretemp_" + c + "\",sensor=\"temp" + s + "\"}"});
      }
    }
    String[] irq = {"LOC", "RES", "CAL", "TLB", "NMI", "PMI", "IWI", "MCP"};
    for (int cpu = 0; cpu < 16 && out.size() < series; cpu++) {
      for (String t : irq) {
        out.add(new String[] {"node_interrupts_total", "counter",
            "{cpu=\"" + cpu + "\",devices=\"\",type=\"" + t + "\"}"});
      }
    }
    for (int j = 0; out.size() < series; j++) {
      out.add(new String[] {"node_textfile_extra_" + (j / 100), "gauge", "{id=\"" + j + "\",source=\"bench\"}"});
    }
    return out.subList(0, series);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
