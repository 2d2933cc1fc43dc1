package io.otelcol4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording: hottest methods (top frame of {@code jdk.ExecutionSample}), the
 * same attributed to the first otelcol4j frame on the stack, and allocation sites weighted by
 * {@code jdk.ObjectAllocationSample} (top frame, and first otelcol4j frame, and class).
 * {@code java -cp benchmarks.jar io.otelcol4j.bench.JfrReport rec.jfr [top]}.
 */
public final class JfrReport {
  private JfrReport() {}

  public static void main(String[] args) throws IOException {
    System.out.print(report(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 10));
  }

  static String report(Path file, int top) throws IOException {
    Map<String, Long> cpuTop = new HashMap<>();
    Map<String, Long> cpuOurs = new HashMap<>();
    Map<String, Long> allocTop = new HashMap<>();
    Map<String, Long> allocOurs = new HashMap<>();
    Map<String, Long> allocClass = new HashMap<>();
    long samples = 0;
    long allocWeight = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        cpuTop.merge(name(st.getFrames().get(0)), 1L, Long::sum);
        cpuOurs.merge(ours(st.getFrames()), 1L, Long::sum);
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        long w = e.getLong("weight");
        allocWeight += w;
        RecordedStackTrace st = e.getStackTrace();
        String cls = e.getClass("objectClass").getName();
        allocClass.merge(cls, w, Long::sum);
        if (st != null && !st.getFrames().isEmpty()) {
          allocTop.merge(name(st.getFrames().get(0)), w, Long::sum);
          allocOurs.merge(ours(st.getFrames()), w, Long::sum);
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("execution samples: ").append(samples).append('\n');
    table(b, "CPU: top frame", cpuTop, samples, top);
    table(b, "CPU: first otelcol4j frame on the stack", cpuOurs, samples, top);
    b.append("allocation samples total weight: ").append(allocWeight / (1024 * 1024)).append(" MiB\n");
    table(b, "allocation: top frame", allocTop, allocWeight, top);
    table(b, "allocation: first otelcol4j frame on the stack", allocOurs, allocWeight, top);
    table(b, "allocation: class", allocClass, allocWeight, top);
    return b.toString();
  }

  private static void table(StringBuilder b, String title, Map<String, Long> m, long total, int top) {
    b.append("| ").append(title).append(" | share |\n|---|---|\n");
    m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(en -> b.append("| `").append(en.getKey()).append("` | ")
            .append(String.format("%.1f%%", 100.0 * en.getValue() / Math.max(1, total))).append(" |\n"));
    b.append('\n');
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String ours(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String t = f.getMethod().getType().getName();
      if (t.startsWith("io.otelcol4j.") && !t.startsWith("io.otelcol4j.bench.")) {
        return name(f);
      }
    }
    return "(no otelcol4j frame: gRPC/Netty/JDK)";
  }
}
