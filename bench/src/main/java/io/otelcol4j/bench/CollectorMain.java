package io.otelcol4j.bench;

import com.sun.management.ThreadMXBean;
import io.otelcol4j.service.Collector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The collector process the harnesses measure: runs a {@link Collector} with the components on the
 * bench class path and the config file given as the only argument, prints {@code READY} once
 * healthy, then obeys one-line commands on standard input so the harness can bracket its measured
 * window exactly:
 *
 * <ul>
 *   <li>{@code alloc-start} / {@code alloc-end}: bytes allocated by all threads in between
 *       ({@code ThreadMXBean.getThreadAllocatedBytes}, per thread, so threads started in the window
 *       count from zero); answers {@code ALLOC <bytes> <threads>};
 *   <li>{@code jfr-start <settings> <file>} / {@code jfr-stop}: a JFR recording ({@code default} or
 *       {@code profile} settings);
 *   <li>{@code heap}: {@code System.gc()} (a full collection), then answers {@code HEAP <used bytes>}
 *       (heap in use after it, all pools);
 *   <li>{@code quit} or end of input: shut down and exit.
 * </ul>
 */
public final class CollectorMain {
  private CollectorMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: CollectorMain <config.yaml>");
      System.exit(2);
    }
    Collector collector = Collector.builder().configFile(Path.of(args[0])).metricsAddress("").build();
    collector.start();
    if (!collector.awaitHealthy(Duration.ofSeconds(30))) {
      System.err.println("collector did not become healthy: " + collector.status());
      System.exit(1);
    }
    System.out.println("READY");
    System.out.flush();
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<Long, Long> allocStart = new HashMap<>();
    Recording recording = null;
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.trim().split(" ", 2);
      switch (cmd[0]) {
        case "alloc-start" -> {
          allocStart.clear();
          long[] ids = threads.getAllThreadIds();
          long[] bytes = threads.getThreadAllocatedBytes(ids);
          for (int i = 0; i < ids.length; i++) {
            allocStart.put(ids[i], bytes[i]);
          }
          System.out.println("OK");
        }
        case "alloc-end" -> {
          long[] ids = threads.getAllThreadIds();
          long[] bytes = threads.getThreadAllocatedBytes(ids);
          long total = 0;
          for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
              total += bytes[i] - allocStart.getOrDefault(ids[i], 0L);
            }
          }
          System.out.println("ALLOC " + total + " " + ids.length);
        }
        case "jfr-start" -> {
          String[] opts = cmd[1].split(" ", 2);
          recording = new Recording(Configuration.getConfiguration(opts[0]));
          recording.setDestination(Path.of(opts[1]));
          recording.start();
          System.out.println("OK");
        }
        case "jfr-stop" -> {
          if (recording != null) {
            recording.stop();
            recording.close();
            recording = null;
          }
          System.out.println("OK");
        }
        case "heap" -> {
          System.gc();
          System.out.println("HEAP " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        case "quit" -> {
          collector.shutdown();
          System.out.println("BYE");
          System.out.flush();
          System.exit(0);
        }
        default -> System.out.println("ERR unknown command " + line);
      }
      System.out.flush();
    }
    collector.shutdown();
    System.exit(0);
  }
}
