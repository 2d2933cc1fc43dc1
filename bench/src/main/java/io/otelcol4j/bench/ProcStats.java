package io.otelcol4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads process CPU time, RSS and the load average from {@code /proc} (Linux only). */
final class ProcStats {
  private ProcStats() {}

  private static final long CLK_TCK = clockTicks();

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  static long clockTicksPerSecond() {
    return CLK_TCK;
  }

  /** utime + stime of the process (all its threads), in seconds. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the ")" that closes the command name: state is field 3; utime 14, stime 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(f[11]);
      long stime = Long.parseLong(f[12]);
      return (utime + stime) / (double) CLK_TCK;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e, e);
    }
  }

  /** A {@code /proc/<pid>/status} field in kB, e.g. {@code VmHWM} (peak RSS) or {@code VmRSS}. */
  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * CPU seconds per thread group of a process: threads from {@code /proc/<pid>/task/*}, grouped by
   * their name with digits removed (e.g. all "GC Thread#N" together).
   */
  static java.util.Map<String, Double> threadGroupCpu(long pid) {
    java.util.Map<String, Double> out = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
          out.merge(name, cpu, Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended between listing and reading
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** The groups of {@code end} minus {@code start}, largest first, as "name 12.3s (45%)" lines. */
  static String threadGroupDelta(java.util.Map<String, Double> start, java.util.Map<String, Double> end) {
    java.util.Map<String, Double> d = new java.util.HashMap<>();
    end.forEach((k, v) -> d.put(k, v - start.getOrDefault(k, 0.0)));
    double total = d.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder b = new StringBuilder();
    d.entrySet().stream().sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
        .filter(e -> e.getValue() >= 0.05)
        .forEach(e -> b.append(String.format("    %-28s %7.2f s  %5.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total)));
    return b.toString();
  }

  /** The 1-minute load average. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
