package io.otelcol4j.extension.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.component.StatusRegistry.CollectorState;
import io.otelcol4j.component.StatusRegistry.Status;
import io.otelcol4j.component.StatusReporter;
import io.otelcol4j.extension.healthcheck.HealthCheckExtensionConfig.CheckCollectorPipeline;
import io.otelcol4j.extension.healthcheck.HealthCheckExtensionConfig.ResponseBody;
import io.otelcol4j.telemetry.Logger;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckExtensionTest {
  private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
  private static final String NOT_AVAILABLE_JSON =
      "{\"status\":\"Server not available\",\"upSince\":\"0001-01-01T00:00:00Z\",\"uptime\":\"\"}";

  private final TestClock clock = new TestClock(T0);
  private final TestHost host = new TestHost(new StatusRegistry(clock));
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.of(
      (time, level, message, fields, error) -> logs.add(level + " " + message + " " + String.join(",", fields)),
      Logger.Level.DEBUG);
  private @Nullable HealthCheckExtension extension;

  @AfterEach
  void stop() throws Exception {
    if (extension != null) {
      extension.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void unavailableWhileStartingAvailableWhileRunningUnavailableWhileStopping() throws Exception {
    start(config(CheckCollectorPipeline.defaults(), null));

    HttpResponse<String> starting = get("/");
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).isEqualTo(NOT_AVAILABLE_JSON);
    assertThat(starting.headers().firstValue("Content-Type")).hasValue("application/json");

    host.status.setCollectorState(CollectorState.RUNNING);
    HttpResponse<String> running = get("/");
    assertThat(running.statusCode()).isEqualTo(200);
    assertThat(running.body())
        .isEqualTo("{\"status\":\"Server available\",\"upSince\":\"2026-11-22T03:00:00Z\",\"uptime\":\"0s\"}");

    clock.advance(Duration.ofMillis(90_500));
    assertThat(get("/").body())
        .isEqualTo("{\"status\":\"Server available\",\"upSince\":\"2026-11-22T03:00:00Z\",\"uptime\":\"1m30.5s\"}");

    host.status.setCollectorState(CollectorState.STOPPING);
    HttpResponse<String> stopping = get("/");
    assertThat(stopping.statusCode()).isEqualTo(503);
    assertThat(stopping.body()).isEqualTo(NOT_AVAILABLE_JSON);

    host.status.setCollectorState(CollectorState.STOPPED);
    assertThat(get("/").statusCode()).isEqualTo(503);
  }

  @Test
  void exporterFailingForLongerThanIntervalIsUnavailableUntilItRecovers() throws Exception {
    start(config(new CheckCollectorPipeline(true, Duration.ofMinutes(1), 5), null));
    host.status.setCollectorState(CollectorState.RUNNING);
    StatusReporter exporter = host.status.reporter(Kind.EXPORTER, ComponentId.parse("otlp/backend"));
    exporter.report(Status.OK, null);
    assertThat(get("/").statusCode()).isEqualTo(200);

    exporter.report(Status.RECOVERABLE_ERROR, "connection refused");
    clock.advance(Duration.ofSeconds(30));
    exporter.report(Status.RECOVERABLE_ERROR, "connection refused"); // a run keeps its start
    assertThat(get("/").statusCode()).as("failing for 30s < 1m").isEqualTo(200);
    clock.advance(Duration.ofSeconds(30));
    assertThat(get("/").statusCode()).as("failing for exactly 1m").isEqualTo(200);

    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> failing = get("/");
    assertThat(failing.statusCode()).isEqualTo(503);
    assertThat(failing.body()).isEqualTo(NOT_AVAILABLE_JSON);
    assertThat(get("/").statusCode()).isEqualTo(503);

    exporter.report(Status.OK, null);
    HttpResponse<String> recovered = get("/");
    assertThat(recovered.statusCode()).isEqualTo(200);
    assertThat(recovered.body()).contains("\"upSince\":\"2026-11-22T03:00:00Z\"");

    assertThat(logs).filteredOn(l -> l.startsWith("WARN ")).containsExactly(
        "WARN health_check state change status,unavailable,reason,exporter:otlp/backend failing since"
            + " 2026-11-22T03:00:00Z (longer than check_collector_pipeline.interval 1m): connection refused");
  }

  @Test
  void permanentExporterErrorCountsToo() throws Exception {
    start(config(new CheckCollectorPipeline(true, Duration.ZERO, 5), null));
    host.status.setCollectorState(CollectorState.RUNNING);
    host.status.reporter(Kind.EXPORTER, ComponentId.parse("debug")).report(Status.PERMANENT_ERROR, "bad config");
    clock.advance(Duration.ofMillis(1));

    assertThat(get("/").statusCode()).isEqualTo(503);
  }

  @Test
  void failingReceiversAndProcessorsAreNotCheckedOnlyExporters() throws Exception {
    start(config(new CheckCollectorPipeline(true, Duration.ofSeconds(1), 5), null));
    host.status.setCollectorState(CollectorState.RUNNING);
    host.status.reporter(Kind.RECEIVER, ComponentId.parse("otlp")).report(Status.PERMANENT_ERROR, "port taken");
    host.status.reporter(Kind.PROCESSOR, ComponentId.parse("batch")).report(Status.RECOVERABLE_ERROR, "x");
    clock.advance(Duration.ofMinutes(10));

    assertThat(get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void exporterFailuresAreIgnoredWhenThePipelineCheckIsDisabled() throws Exception {
    start(config(new CheckCollectorPipeline(false, Duration.ofSeconds(1), 5), null));
    host.status.setCollectorState(CollectorState.RUNNING);
    host.status.reporter(Kind.EXPORTER, ComponentId.parse("otlp")).report(Status.RECOVERABLE_ERROR, "down");
    clock.advance(Duration.ofMinutes(10));

    assertThat(get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void configuredResponseBodiesReplaceTheJson() throws Exception {
    start(config(CheckCollectorPipeline.defaults(), new ResponseBody("I'm OK", "I'm down")));

    HttpResponse<String> down = get("/");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).isEqualTo("I'm down");
    assertThat(down.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");

    host.status.setCollectorState(CollectorState.RUNNING);
    HttpResponse<String> up = get("/");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEqualTo("I'm OK");
  }

  @Test
  void emptyConfiguredBodyAnswersWithNoBody() throws Exception {
    start(config(CheckCollectorPipeline.defaults(), new ResponseBody("", "")));
    host.status.setCollectorState(CollectorState.RUNNING);

    HttpResponse<String> up = get("/");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEmpty();
  }

  @Test
  void onlyTheConfiguredPathIsServed() throws Exception {
    start(new HealthCheckExtensionConfig("127.0.0.1:0", "/health/status", null, CheckCollectorPipeline.defaults()));
    host.status.setCollectorState(CollectorState.RUNNING);

    assertThat(get("/health/status").statusCode()).isEqualTo(200);
    assertThat(get("/health/status?verbose=1").statusCode()).isEqualTo(200);
    HttpResponse<String> other = get("/");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).isEqualTo("404 page not found\n");
    assertThat(get("/health/status/more").statusCode()).isEqualTo(404);
    assertThat(get("/health").statusCode()).isEqualTo(404);
  }

  @Test
  void otherMethodsAreNotAllowedAndHeadHasNoBody() throws Exception {
    start(config(CheckCollectorPipeline.defaults(), null));
    host.status.setCollectorState(CollectorState.RUNNING);

    HttpResponse<String> post = send(request("/").POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(send(request("/").DELETE()).statusCode()).isEqualTo(405);

    HttpResponse<String> head = send(request("/").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void bindsLoopbackForLocalhost() throws Exception {
    start(new HealthCheckExtensionConfig("localhost:0", "/", null, CheckCollectorPipeline.defaults()));

    InetSocketAddress bound = extension.address();
    assertThat(bound.getAddress().isLoopbackAddress()).isTrue();
    assertThat(bound.getPort()).isPositive();
    assertThat(HealthCheckExtensionConfig.defaults().endpoint()).startsWith("localhost:");
  }

  @Test
  void aTakenPortFailsStartWithTheEndpointInTheMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String endpoint = "127.0.0.1:" + taken.getLocalPort();
      HealthCheckExtension ext = new HealthCheckExtension(
          new HealthCheckExtensionConfig(endpoint, "/", null, CheckCollectorPipeline.defaults()), logger);

      assertThatThrownBy(() -> ext.start(host))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("health_check cannot listen on " + endpoint + ": ");
      ext.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void serverThreadsAreDaemonsAndShutdownReleasesThePort() throws Exception {
    start(config(CheckCollectorPipeline.defaults(), null));
    assertThat(get("/").statusCode()).isEqualTo(503); // a request has used the pool
    InetSocketAddress bound = extension.address();

    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("otelcol4j-health_check") || t.getName().startsWith("HTTP-Dispatcher"))
        .isNotEmpty()
        .allMatch(Thread::isDaemon);

    extension.shutdown(Duration.ofSeconds(5));
    extension.shutdown(Duration.ofSeconds(5));
    assertThatThrownBy(() -> client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bound.getPort() + "/")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> extension.address()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startTwiceIsAnError() throws Exception {
    start(config(CheckCollectorPipeline.defaults(), null));

    assertThatThrownBy(() -> extension.start(host))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("health_check already started");
  }

  @Test
  void uptimeIsFormattedAsGoDoes() {
    assertThat(HealthCheckExtension.goDuration(Duration.ZERO)).isEqualTo("0s");
    assertThat(HealthCheckExtension.goDuration(Duration.ofNanos(100))).isEqualTo("100ns");
    assertThat(HealthCheckExtension.goDuration(Duration.ofNanos(1_500))).isEqualTo("1.5\u00b5s");
    assertThat(HealthCheckExtension.goDuration(Duration.ofNanos(1_500_000))).isEqualTo("1.5ms");
    assertThat(HealthCheckExtension.goDuration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(HealthCheckExtension.goDuration(Duration.ofNanos(49_013_251_800L))).isEqualTo("49.0132518s");
    assertThat(HealthCheckExtension.goDuration(Duration.ofSeconds(61))).isEqualTo("1m1s");
    assertThat(HealthCheckExtension.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(HealthCheckExtension.goDuration(Duration.ofSeconds(3 * 3600 + 4 * 60 + 5).plusMillis(60)))
        .isEqualTo("3h4m5.06s");
  }

  private static HealthCheckExtensionConfig config(CheckCollectorPipeline pipeline, @Nullable ResponseBody body) {
    return new HealthCheckExtensionConfig("127.0.0.1:0", "/", body, pipeline);
  }

  private void start(HealthCheckExtensionConfig config) throws Exception {
    extension = new HealthCheckExtension(config, logger);
    extension.start(host);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + extension.address().getPort() + path))
        .timeout(Duration.ofSeconds(5));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A host whose status registry the test drives. */
  static final class TestHost implements Host {
    final StatusRegistry status;

    TestHost(StatusRegistry status) {
      this.status = status;
    }

    @Override
    public Map<ComponentId, Component> extensions() {
      return Map.of();
    }

    @Override
    public StatusRegistry status() {
      return status;
    }
  }
}
