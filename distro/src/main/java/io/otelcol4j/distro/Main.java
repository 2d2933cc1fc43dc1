package io.otelcol4j.distro;

import io.otelcol4j.config.ConfigurationException;
import io.otelcol4j.service.Collector;
import io.otelcol4j.telemetry.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;

/**
 * The {@code otelcol4j} command: {@code run} (the default), {@code validate}, {@code components},
 * {@code version}. The only place in otelcol4j allowed to call {@code System.exit}.
 *
 * <p>Exit codes: 0 success, including a clean stop on SIGTERM or SIGINT after draining; 1 invalid
 * config or a start-up failure; 2 a command line that cannot be understood.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Invocation inv;
    try {
      inv = Invocation.parse(args);
    } catch (UsageException e) {
      System.err.println("Error: " + e.getMessage());
      System.err.println(Invocation.USAGE);
      System.exit(2);
      return;
    }
    Cli cli = new Cli(System.out, System.err, System.getenv(), jarDir());
    if (inv.command() != Invocation.Command.RUN) {
      System.exit(cli.execute(inv));
      return;
    }
    System.exit(run(cli, inv));
  }

  /** Runs the collector until SIGTERM or SIGINT; returns the exit code. */
  private static int run(Cli cli, Invocation inv) {
    Collector collector;
    try {
      collector = cli.collector(inv);
    } catch (CliFailure e) {
      System.err.println("Error: " + e.getMessage());
      return 1;
    }
    Logger logger = Logger.stderr();
    CountDownLatch stop = new CountDownLatch(1);
    installSignalHandlers(stop, logger);
    // Fallback for exits the handlers do not see (SIGHUP, -Xrs, System.exit elsewhere): still drain.
    Runtime.getRuntime().addShutdownHook(new Thread(collector::shutdown, "otelcol4j-shutdown-hook"));
    try {
      collector.start();
    } catch (ConfigurationException e) {
      System.err.println("Error: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      System.err.println("Error: cannot start the collector: " + e.getMessage());
      collector.shutdown();
      return 1;
    }
    awaitUninterruptibly(stop);
    List<Throwable> failures = collector.shutdown();
    for (Throwable t : failures) {
      logger.warn("Component failed to stop cleanly", t);
    }
    // Stopped on request: drained as far as each component could, so the exit is a clean one.
    return 0;
  }

  /**
   * SIGTERM and SIGINT ask the main thread to drain and exit 0 (a plain shutdown hook would exit
   * 143/130). A second signal while draining exits at once.
   */
  private static void installSignalHandlers(CountDownLatch stop, Logger logger) {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), sig -> {
          if (received.incrementAndGet() == 1) {
            logger.info("Received signal from OS", "signal", "SIG" + sig.getName());
            stop.countDown();
          } else {
            logger.warn("Received a second signal while shutting down; exiting without draining",
                "signal", "SIG" + sig.getName());
            Runtime.getRuntime().halt(1);
          }
        });
      } catch (IllegalArgumentException e) {
        // The JVM owns the signal (e.g. run with -Xrs): the shutdown hook still drains.
        logger.warn("Cannot handle signal; relying on the shutdown hook", "signal", "SIG" + name,
            "reason", String.valueOf(e.getMessage()));
      }
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The folder holding the jar this class runs from, or null when it runs from classes. */
  private static @Nullable Path jarDir() {
    try {
      CodeSource cs = Main.class.getProtectionDomain().getCodeSource();
      if (cs == null || cs.getLocation() == null) {
        return null;
      }
      Path p = Path.of(cs.getLocation().toURI());
      return Files.isRegularFile(p) ? p.toAbsolutePath().getParent() : null;
    } catch (Exception e) {
      return null;
    }
  }
}
