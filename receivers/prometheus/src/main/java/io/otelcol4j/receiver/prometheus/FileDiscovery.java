package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * {@code file_sd_configs}: reads target groups from JSON or YAML files matching the globs, again
 * every {@code refresh_interval} and promptly when a watched directory changes. A file that cannot
 * be read or parsed keeps its last good groups (as Prometheus), and the error is logged once.
 */
final class FileDiscovery implements AutoCloseable {
  static final String META_FILEPATH = "__meta_filepath";

  private final ScrapeConfig.FileSdConfig config;
  private final String provider;
  private final BiConsumer<String, List<TargetGroup>> sink;
  private final ScheduledExecutorService scheduler;
  private final Logger logger;
  private final Map<Path, List<TargetGroup>> lastGood = new HashMap<>();
  private final Map<Path, String> lastErrors = new HashMap<>();
  private @Nullable List<TargetGroup> lastSent;
  private @Nullable ScheduledFuture<?> refresher;
  private @Nullable WatchService watcher;
  private @Nullable Thread watchThread;
  private volatile boolean closed;

  FileDiscovery(ScrapeConfig.FileSdConfig config, String provider, BiConsumer<String, List<TargetGroup>> sink,
      ScheduledExecutorService scheduler, Logger logger) {
    this.config = config;
    this.provider = provider;
    this.sink = sink;
    this.scheduler = scheduler;
    this.logger = logger.with("discovery", provider);
  }

  void start() {
    refresh();
    long every = config.refreshInterval().toNanos();
    refresher = scheduler.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.NANOSECONDS);
    try {
      WatchService w = FileSystems.getDefault().newWatchService();
      Set<Path> dirs = new LinkedHashSet<>();
      for (String glob : config.files()) {
        dirs.add(directoryOf(glob));
      }
      for (Path dir : dirs) {
        if (Files.isDirectory(dir)) {
          dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
        }
      }
      watcher = w;
      Thread t = new Thread(this::watch, "otelcol4j-prometheus-file-sd");
      t.setDaemon(true);
      watchThread = t;
      t.start();
    } catch (IOException e) {
      logger.warn("cannot watch the file_sd directories; relying on refresh_interval", e);
    }
  }

  private void watch() {
    WatchService w = watcher;
    while (!closed && w != null) {
      try {
        WatchKey key = w.take();
        // Let a writer finish; then one refresh covers a burst of events.
        Thread.sleep(20);
        key.pollEvents();
        key.reset();
        WatchKey more;
        while ((more = w.poll()) != null) {
          more.pollEvents();
          more.reset();
        }
        scheduler.execute(this::refresh);
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (Throwable t) {
        Failures.propagateIfFatal(t);
        logger.error("file_sd watch failed", t);
      }
    }
  }

  static Path directoryOf(String glob) {
    int slash = glob.lastIndexOf('/');
    return slash < 0 ? Path.of("").toAbsolutePath() : Path.of(slash == 0 ? "/" : glob.substring(0, slash));
  }

  /** Re-reads every matching file; hands the groups on when they changed. */
  synchronized void refresh() {
    if (closed) {
      return;
    }
    try {
      Set<Path> files = new TreeSet<>();
      for (String glob : config.files()) {
        Path dir = directoryOf(glob);
        String name = glob.substring(glob.lastIndexOf('/') + 1);
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
          for (Path p : ds) {
            if (Files.isRegularFile(p)) {
              files.add(p);
            }
          }
        } catch (IOException e) {
          logger.warn("cannot list file_sd directory", "directory", dir.toString(), "error", String.valueOf(e.getMessage()));
        }
      }
      lastGood.keySet().retainAll(files);
      List<TargetGroup> all = new ArrayList<>();
      for (Path f : files) {
        try {
          List<TargetGroup> groups = read(f);
          lastGood.put(f, groups);
          lastErrors.remove(f);
        } catch (IOException | IllegalArgumentException e) {
          String message = String.valueOf(e.getMessage());
          if (!message.equals(lastErrors.put(f, message))) {
            logger.error("error reading file_sd file", "file", f.toString(), "error", message);
          }
        }
        all.addAll(lastGood.getOrDefault(f, List.of()));
      }
      if (!all.equals(lastSent)) {
        lastSent = all;
        sink.accept(provider, all);
      }
    } catch (Throwable t) {
      Failures.propagateIfFatal(t);
      logger.error("file_sd refresh failed", t);
    }
  }

  /** Reads one file: a list of {@code {targets: [...], labels: {...}}}. */
  static List<TargetGroup> read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    ConfigProblems problems = new ConfigProblems();
    ConfigNode node = ConfigNode.fromYaml(text.isBlank() ? "[]" : text, file.getFileName().toString(), "", problems);
    if (!problems.errors().isEmpty()) {
      throw new IllegalArgumentException(problems.errors().get(0).toString());
    }
    Object plain = node.toPlain();
    if (plain == null) {
      return List.of();
    }
    if (!(plain instanceof List)) {
      throw new IllegalArgumentException(file + ": expected a list of target groups");
    }
    List<TargetGroup> out = new ArrayList<>();
    int i = 0;
    for (Object item : (List<?>) plain) {
      if (!(item instanceof Map)) {
        throw new IllegalArgumentException(file + "[" + i + "]: expected a map with targets and labels");
      }
      Map<?, ?> m = (Map<?, ?>) item;
      for (Object k : m.keySet()) {
        if (!"targets".equals(k) && !"labels".equals(k)) {
          throw new IllegalArgumentException(file + "[" + i + "]." + k + ": unknown key (expected one of: labels, targets)");
        }
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.get("labels") instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) m.get("labels")).entrySet()) {
          String name = String.valueOf(e.getKey());
          if (!LabelNames.isValid(name)) {
            throw new IllegalArgumentException(file + "[" + i + "].labels: \"" + name + "\" is not a valid label name");
          }
          labels.put(name, e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
      } else if (m.get("labels") != null) {
        throw new IllegalArgumentException(file + "[" + i + "].labels: expected a map of strings");
      }
      labels.put(META_FILEPATH, file.toString());
      List<Map<String, String>> targets = new ArrayList<>();
      Object ts = m.get("targets");
      if (ts instanceof List) {
        for (Object t : (List<?>) ts) {
          String address = String.valueOf(t);
          if (address.contains("/")) {
            throw new IllegalArgumentException(file + "[" + i + "].targets: \"" + address + "\" is not a valid hostname");
          }
          targets.add(Map.of(LabelNames.ADDRESS, address));
        }
      } else if (ts != null) {
        throw new IllegalArgumentException(file + "[" + i + "].targets: expected a list of host:port strings");
      }
      out.add(new TargetGroup(file + ":" + i, targets, labels));
      i++;
    }
    return out;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (refresher != null) {
      refresher.cancel(false);
    }
    WatchService w = watcher;
    if (w != null) {
      try {
        w.close();
      } catch (IOException e) {
        logger.debug("closing the file watcher failed", "error", String.valueOf(e.getMessage()));
      }
    }
    Thread t = watchThread;
    if (t != null) {
      t.interrupt();
    }
  }
}
