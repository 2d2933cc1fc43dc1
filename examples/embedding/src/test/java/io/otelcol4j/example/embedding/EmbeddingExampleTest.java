package io.otelcol4j.example.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.component.ComponentLoader;
import io.otelcol4j.component.StatusRegistry;
import io.otelcol4j.service.Collector;
import io.otelcol4j.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void startsHealthyAcceptsOtlpAndStops() throws Exception {
    String grpc = "127.0.0.1:" + freePort();
    int httpPort = freePort();
    Collector collector = EmbeddingExample.create(ComponentLoader.fromClasspath(), grpc, "127.0.0.1:" + httpPort);
    try {
      collector.start();
      assertThat(collector.awaitHealthy(Duration.ofSeconds(30))).isTrue();

      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/logs"))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/x-protobuf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(TestData.logs(0, 2).toRequest().toByteArray()))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
    } finally {
      assertThat(collector.shutdown()).isEmpty();
    }
    assertThat(collector.status().collectorState()).isEqualTo(StatusRegistry.CollectorState.STOPPED);
  }

  @Test
  void mainRunsAndStopsOnEphemeralPorts() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EmbeddingExample.main(new String[] {"127.0.0.1:" + freePort(), "127.0.0.1:" + freePort()});
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("collector is running: OTLP gRPC on 127.0.0.1:")
        .endsWith("collector stopped" + System.lineSeparator());
  }
}
