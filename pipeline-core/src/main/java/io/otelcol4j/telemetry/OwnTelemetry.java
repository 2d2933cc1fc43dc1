package io.otelcol4j.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.otelcol4j.component.BuildInfo;
import io.otelcol4j.config.TelemetryConfig;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The collector's own metrics: an OpenTelemetry SDK meter provider whose readers serve the
 * Prometheus text format on {@code /metrics} at each configured endpoint ({@code localhost:8888}
 * by default), as the collector does. With {@code metrics.level: none} no server runs and
 * instruments are no-ops.
 */
public final class OwnTelemetry implements AutoCloseable {
  private final MeterProvider meterProvider;
  private final SdkMeterProvider sdk;
  private final List<HTTPServer> servers;
  private final List<InetSocketAddress> addresses;
  private final ExecutorService executor;

  private OwnTelemetry(MeterProvider meterProvider, SdkMeterProvider sdk, List<HTTPServer> servers,
      List<InetSocketAddress> addresses, ExecutorService executor) {
    this.meterProvider = meterProvider;
    this.sdk = sdk;
    this.servers = servers;
    this.addresses = addresses;
    this.executor = executor;
  }

  /**
   * Starts own telemetry.
   *
   * @throws IOException when an endpoint cannot be bound (e.g. the port is taken)
   */
  public static OwnTelemetry start(TelemetryConfig config, BuildInfo buildInfo) throws IOException {
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
        .put("service.name", buildInfo.command())
        .put("service.version", buildInfo.version())
        .put("service.instance.id", UUID.randomUUID().toString())
        .build()));
    SdkMeterProviderBuilder b = SdkMeterProvider.builder().setResource(resource);
    List<HTTPServer> servers = new ArrayList<>();
    List<InetSocketAddress> addresses = new ArrayList<>();
    // One small daemon pool for all scrape endpoints: scrapes are rare and cheap.
    ExecutorService executor = Executors.newFixedThreadPool(1, r -> {
      Thread t = new Thread(r, "otelcol4j-own-metrics");
      t.setDaemon(true);
      return t;
    });
    try {
      for (String endpoint : config.metricsEndpoints()) {
        PrometheusRegistry registry = new PrometheusRegistry();
        PrometheusMetricReader reader = PrometheusMetricReader.builder().setOtelScopeLabelsEnabled(false).build();
        registry.register(reader);
        b.registerMetricReader(reader);
        InetSocketAddress want = parseEndpoint(endpoint);
        HTTPServer server = HTTPServer.builder()
            .hostname(want.getHostString())
            .port(want.getPort())
            .registry(registry)
            .executorService(executor)
            .buildAndStart();
        servers.add(server);
        addresses.add(new InetSocketAddress(want.getHostString(), server.getPort()));
      }
    } catch (IOException | RuntimeException e) {
      servers.forEach(HTTPServer::close);
      executor.shutdownNow();
      throw new IOException("cannot serve own metrics on " + config.metricsEndpoints() + ": " + e.getMessage(), e);
    }
    SdkMeterProvider sdk = b.build();
    MeterProvider mp = config.metricsLevel() == TelemetryConfig.MetricsLevel.NONE ? MeterProvider.noop() : sdk;
    return new OwnTelemetry(mp, sdk, servers, addresses, executor);
  }

  /** Own telemetry that records nothing and serves nothing. */
  public static OwnTelemetry disabled() {
    return new OwnTelemetry(MeterProvider.noop(), SdkMeterProvider.builder().build(), List.of(), List.of(),
        Executors.newSingleThreadExecutor());
  }

  /** Parses {@code host:port}, {@code :port} or {@code [v6]:port}. */
  static InetSocketAddress parseEndpoint(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("endpoint \"" + endpoint + "\" (expected: host:port)");
    }
    String host = endpoint.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port = Integer.parseInt(endpoint.substring(colon + 1));
    return InetSocketAddress.createUnresolved(host, port);
  }

  public MeterProvider meterProvider() {
    return meterProvider;
  }

  /** Where own metrics are served, with the ports actually bound. */
  public List<InetSocketAddress> addresses() {
    return List.copyOf(addresses);
  }

  @Override
  public void close() {
    servers.forEach(HTTPServer::close);
    sdk.close();
    executor.shutdownNow();
  }
}
