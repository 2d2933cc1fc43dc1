package io.otelcol4j.example.embedding;

import io.otelcol4j.component.ComponentLoader;
import io.otelcol4j.component.ComponentRegistry;
import io.otelcol4j.service.Collector;
import java.time.Duration;

/**
 * Runs a collector inside this application: OTLP in (gRPC and HTTP), batched, printed by the debug
 * exporter. The config is YAML text built in code; the components are found on the class path.
 *
 * <pre>
 * java -cp ... io.otelcol4j.example.embedding.EmbeddingExample [grpc-endpoint http-endpoint [seconds]]
 * </pre>
 *
 * <p>Defaults: {@code localhost:4317}, {@code localhost:4318}, and stop as soon as it is healthy
 * (pass a number of seconds to keep it running that long).
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** The collector config, with the OTLP endpoints filled in. */
  static String config(String grpcEndpoint, String httpEndpoint) {
    return """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: %s
              http:
                endpoint: %s
        processors:
          batch:
            timeout: 1s
        exporters:
          debug:
            verbosity: basic
        service:
          telemetry:
            logs:
              level: info
            metrics:
              level: none
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug]
            logs:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug]
        """.formatted(grpcEndpoint, httpEndpoint);
  }

  /**
   * Builds (but does not start) a collector listening on the given OTLP endpoints.
   *
   * @param registry the components to use, e.g. {@link ComponentLoader#fromClasspath()}, or
   *     {@link ComponentRegistry#of(io.otelcol4j.component.ComponentFactory[])} for a fixed set
   */
  public static Collector create(ComponentRegistry registry, String grpcEndpoint, String httpEndpoint) {
    return Collector.builder()
        .registry(registry)
        .configYaml("embedded-config.yaml", config(grpcEndpoint, httpEndpoint))
        .shutdownTimeout(Duration.ofSeconds(10))
        .build();
  }

  /**
   * Starts a collector, waits until every component runs, keeps it running for {@code hold},
   * then stops it, draining what it holds.
   *
   * @throws IllegalStateException when it does not become healthy within 30 seconds
   */
  public static void run(String grpcEndpoint, String httpEndpoint, Duration hold) throws Exception {
    try (Collector collector = create(ComponentLoader.fromClasspath(), grpcEndpoint, httpEndpoint)) {
      collector.start();
      if (!collector.awaitHealthy(Duration.ofSeconds(30))) {
        throw new IllegalStateException("collector not healthy after 30s: " + collector.status().collectorState());
      }
      System.out.println("collector is running: OTLP gRPC on " + grpcEndpoint + ", HTTP on " + httpEndpoint);
      if (!hold.isZero()) {
        Thread.sleep(hold.toMillis());
      }
    } // close() drains and stops every component
    System.out.println("collector stopped");
  }

  public static void main(String[] args) throws Exception {
    String grpc = args.length >= 2 ? args[0] : "localhost:4317";
    String http = args.length >= 2 ? args[1] : "localhost:4318";
    Duration hold = args.length >= 3 ? Duration.ofSeconds(Long.parseLong(args[2])) : Duration.ZERO;
    run(grpc, http, hold);
  }
}
