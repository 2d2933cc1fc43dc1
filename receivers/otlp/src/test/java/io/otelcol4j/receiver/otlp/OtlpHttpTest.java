package io.otelcol4j.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OTLP/HTTP with java.net.http: JSON, compression, every bad input, backpressure and CORS. */
class OtlpHttpTest {
  private static final int MAX_BODY = 64 * 1024;
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final SinkConsumer sink = new SinkConsumer();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private OtlpReceiver receiver;

  @AfterEach
  void stop() throws Exception {
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(5));
    }
  }

  private void start() throws Exception {
    start(null);
  }

  private void start(OtlpReceiverConfig.Cors cors) throws Exception {
    receiver = Receivers.start(Receivers.withHttp(MAX_BODY, cors, false), sink);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.httpPort() + path))
        .timeout(Duration.ofSeconds(20));
  }

  private HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] example(String name) throws IOException {
    try (InputStream in = OtlpHttpTest.class.getResourceAsStream("/testdata/otlp-json/" + name)) {
      return in.readAllBytes();
    }
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static Status jsonStatus(HttpResponse<byte[]> r) throws IOException {
    Status.Builder b = Status.newBuilder();
    JsonFormat.parser().usingTypeRegistry(com.google.protobuf.TypeRegistry.newBuilder()
        .add(RetryInfo.getDescriptor()).build()).merge(text(r), b);
    return b.build();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** A good protobuf request is accepted: the receiver still serves after whatever came before. */
  private void assertStillServes() throws Exception {
    int before = sink.itemCount();
    HttpResponse<byte[]> r = post("/v1/traces", PROTOBUF, TestData.traces(0, 3).toByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    assertThat(ExportTraceServiceResponse.parseFrom(r.body())).isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
    assertThat(sink.itemCount()).isEqualTo(before + 3);
  }

  @ParameterizedTest
  @CsvSource({"/v1/traces, trace.json, 1", "/v1/metrics, metrics.json, 4", "/v1/logs, logs.json, 1",
      "/v1/logs, events.json, 1"})
  void specJsonExamplesAreAccepted(String path, String file, int items) throws Exception {
    start();
    HttpResponse<byte[]> r = post(path, JSON, example(file));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(JSON);
    assertThat(text(r)).isEqualTo("{}");
    assertThat(sink.itemCount()).isEqualTo(items);
  }

  @Test
  void jsonIdsAreDecodedFromHex() throws Exception {
    start();
    assertThat(post("/v1/traces", JSON + "; charset=utf-8", example("trace.json")).statusCode()).isEqualTo(200);
    var span = Receivers.spans(sink).get(0);
    assertThat(com.google.protobuf.ByteString.copyFrom(java.util.HexFormat.of()
        .parseHex("5b8efff798038103d269b633813fc60c"))).isEqualTo(span.getTraceId());
  }

  @Test
  void protobufBatchesKeepTheBytesTheyWereReceivedAs() throws Exception {
    start();
    byte[] proto = TestData.traces(0, 5).toByteArray();
    assertThat(post("/v1/traces", PROTOBUF, gzip(proto), "Content-Encoding", "gzip").statusCode()).isEqualTo(200);
    var batch = sink.batchesOf(io.otelcol4j.consumer.TracesBatch.class).get(0);
    assertThat(batch.wireBytes().toByteArray()).isEqualTo(proto);
    assertThat(batch.itemCount()).isEqualTo(5);
  }

  @Test
  void gzipAndDeflateBodiesAreDecompressed() throws Exception {
    start();
    byte[] proto = TestData.traces(0, 5).toByteArray();
    assertThat(post("/v1/traces", PROTOBUF, gzip(proto), "Content-Encoding", "gzip").statusCode()).isEqualTo(200);
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(deflated)) {
      d.write(TestData.logs(0, 4).toByteArray());
    }
    assertThat(post("/v1/logs", PROTOBUF, deflated.toByteArray(), "Content-Encoding", "deflate").statusCode())
        .isEqualTo(200);
    assertThat(sink.itemCount()).isEqualTo(9);
  }

  @Test
  void malformedProtobufIs400WithAStatusNamingTheMessage() throws Exception {
    start();
    HttpResponse<byte[]> r = post("/v1/traces", PROTOBUF, new byte[] {0x0a, (byte) 0xff, 0x01, 0x02});
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    Status s = Status.parseFrom(r.body());
    assertThat(s.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(s.getMessage()).startsWith("malformed ExportTraceServiceRequest: ");
    assertThat(sink.itemCount()).isZero();
    assertStillServes();
  }

  @Test
  void malformedJsonIs400WithAJsonStatus() throws Exception {
    start();
    HttpResponse<byte[]> r = post("/v1/metrics", JSON, "{\"resourceMetrics\": [ {".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(JSON);
    Status s = jsonStatus(r);
    assertThat(s.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(s.getMessage()).startsWith("malformed OTLP/JSON ExportMetricsServiceRequest: ");
    HttpResponse<byte[]> badId = post("/v1/traces", JSON,
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}".getBytes(StandardCharsets.UTF_8));
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(jsonStatus(badId).getMessage()).contains("traceId");
    assertStillServes();
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    start();
    HttpResponse<byte[]> r = post("/v1/traces", PROTOBUF, new byte[MAX_BODY + 1]);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Status.parseFrom(r.body()).getMessage())
        .isEqualTo("request body larger than max_request_body_size (65536 bytes)");
    assertStillServes();
  }

  @Test
  void gzipBombIs413WithoutInflatingItAll() throws Exception {
    start();
    byte[] bomb = gzip(new byte[32 * 1024 * 1024]); // 32 MiB of zeros in about 32 KiB (deflate's ~1000:1 at best)
    assertThat(bomb.length).isLessThan(MAX_BODY);
    HttpResponse<byte[]> r = post("/v1/traces", JSON, bomb, "Content-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(jsonStatus(r).getMessage())
        .isEqualTo("decompressed request body larger than max_request_body_size (65536 bytes)");
    assertStillServes();
  }

  @Test
  void corruptGzipAndUnknownEncodingsAre400() throws Exception {
    start();
    HttpResponse<byte[]> corrupt = post("/v1/traces", PROTOBUF, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3},
        "Content-Encoding", "gzip");
    assertThat(corrupt.statusCode()).isEqualTo(400);
    assertThat(Status.parseFrom(corrupt.body()).getMessage()).startsWith("cannot decompress gzip request body: ");
    HttpResponse<byte[]> zstd = post("/v1/traces", PROTOBUF, new byte[] {1}, "Content-Encoding", "zstd");
    assertThat(zstd.statusCode()).isEqualTo(400);
    assertThat(Status.parseFrom(zstd.body()).getMessage())
        .isEqualTo("unsupported Content-Encoding: zstd (supported: gzip, deflate, identity)");
    assertStillServes();
  }

  @Test
  void unsupportedContentTypeIs415() throws Exception {
    start();
    HttpResponse<byte[]> r = post("/v1/traces", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(text(r)).isEqualTo("415 unsupported media type, supported: [application/json, application/x-protobuf]");
    assertStillServes();
  }

  @Test
  void unknownPathIs404() throws Exception {
    start();
    HttpResponse<byte[]> r = post("/v1/spans", PROTOBUF, TestData.traces(0, 1).toByteArray());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(text(r)).isEqualTo("404 page not found");
    assertStillServes();
  }

  @Test
  void otherMethodsAre405WithAllowPost() throws Exception {
    start();
    HttpResponse<byte[]> r = client.send(request("/v1/traces").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertThat(text(r)).isEqualTo("405 method not allowed, supported: [POST]");
    HttpResponse<byte[]> put = client.send(request("/v1/logs").header("Content-Type", PROTOBUF)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(put.statusCode()).isEqualTo(405);
    assertStillServes();
  }

  @Test
  void queryStringsAreIgnoredWhenRouting() throws Exception {
    start();
    assertThat(post("/v1/traces?tenant=a", PROTOBUF, TestData.traces(0, 2).toByteArray()).statusCode()).isEqualTo(200);
    assertThat(sink.itemCount()).isEqualTo(2);
  }

  @Test
  void retryableRefusalIs503WithRetryAfterAndRetryInfo() throws Exception {
    start();
    sink.failWith(new RetryableConsumeException("queue is full", Duration.ofSeconds(2), null));
    HttpResponse<byte[]> r = post("/v1/traces", PROTOBUF, TestData.traces(0, 3).toByteArray());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
    Status s = Status.parseFrom(r.body());
    assertThat(s.getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
    assertThat(s.getMessage()).isEqualTo("queue is full");
    assertThat(s.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(2);
    HttpResponse<byte[]> json = post("/v1/traces", JSON, example("trace.json"));
    assertThat(json.statusCode()).isEqualTo(503);
    assertThat(json.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(jsonStatus(json).getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(2);
    sink.failWith(new RetryableConsumeException("busy"));
    HttpResponse<byte[]> noDelay = post("/v1/traces", PROTOBUF, TestData.traces(0, 3).toByteArray());
    assertThat(noDelay.statusCode()).isEqualTo(503);
    assertThat(noDelay.headers().firstValue("Retry-After")).isEmpty();
    sink.failWith(new IllegalStateException("unexpected"));
    assertThat(post("/v1/traces", PROTOBUF, TestData.traces(0, 3).toByteArray()).statusCode()).isEqualTo(503);
    sink.failWith(null);
    assertStillServes();
  }

  @Test
  void permanentRefusalIs400() throws Exception {
    start();
    sink.failWith(new PermanentConsumeException("rejected by backend: invalid span"));
    HttpResponse<byte[]> r = post("/v1/logs", PROTOBUF, TestData.logs(0, 3).toByteArray());
    assertThat(r.statusCode()).isEqualTo(400);
    Status s = Status.parseFrom(r.body());
    assertThat(s.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(s.getMessage()).isEqualTo("rejected by backend: invalid span");
    sink.failWith(null);
    assertStillServes();
  }

  @Test
  void emptyRequestIsAcceptedWithoutCallingThePipeline() throws Exception {
    start();
    sink.failWith(new RetryableConsumeException("would refuse"));
    assertThat(post("/v1/traces", PROTOBUF, new byte[0]).statusCode()).isEqualTo(200);
    assertThat(post("/v1/metrics", JSON, "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
  }

  @Test
  void manyRequestsOnOneKeepAliveConnectionAreAnsweredInOrder() throws Exception {
    start();
    for (int i = 0; i < 20; i++) {
      assertThat(post("/v1/traces", PROTOBUF, TestData.traces(i * 2, 2).toByteArray()).statusCode()).isEqualTo(200);
    }
    assertThat(Receivers.spans(sink)).hasSize(40);
  }

  @Test
  void corsPreflightForAnAllowedOrigin() throws Exception {
    start(new OtlpReceiverConfig.Cors(List.of("https://*.example.com"), List.of("X-Custom"), 600));
    HttpResponse<byte[]> r = client.send(request("/v1/traces")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type, x-custom").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type, x-custom");
    assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");

    HttpResponse<byte[]> post = post("/v1/traces", PROTOBUF, TestData.traces(0, 1).toByteArray(),
        "Origin", "https://app.example.com");
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
  }

  @Test
  void corsPreflightForADisallowedOriginOrHeaderGetsNoAllowHeaders() throws Exception {
    start(new OtlpReceiverConfig.Cors(List.of("https://good.example"), List.of(), 0));
    for (String[] c : new String[][] {{"https://evil.example", "content-type"}, {"https://good.example", "x-secret"}}) {
      HttpResponse<byte[]> r = client.send(request("/v1/traces")
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", c[0])
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", c[1]).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
    HttpResponse<byte[]> post = post("/v1/traces", PROTOBUF, TestData.traces(0, 1).toByteArray(),
        "Origin", "https://evil.example");
    assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void withoutCorsOptionsIs405() throws Exception {
    start();
    HttpResponse<byte[]> r = client.send(request("/v1/traces")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
