package io.otelcol4j.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.otelcol4j.consumer.PermanentConsumeException;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.testing.SinkConsumer;
import io.otelcol4j.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC with a gRPC-Java client: size limits, malformed messages, refusals, compression. */
class OtlpGrpcTest {
  private final SinkConsumer sink = new SinkConsumer();
  private OtlpReceiver receiver;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(5));
    }
  }

  private TraceServiceGrpc.TraceServiceBlockingStub start(int maxRecvMib) throws Exception {
    receiver = Receivers.start(Receivers.withGrpc(maxRecvMib, false), sink);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    return stub();
  }

  private TraceServiceGrpc.TraceServiceBlockingStub stub() {
    return TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** A span batch whose one span carries a string attribute of {@code bytes} bytes. */
  private static ExportTraceServiceRequest bigRequest(int bytes) {
    ResourceSpans rs = TestData.traces(0, 1).resourceSpans().get(0);
    var span = rs.getScopeSpans(0).getSpans(0).toBuilder().addAttributes(TestData.attr("big", "a".repeat(bytes)));
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(rs.toBuilder().setScopeSpans(0, rs.getScopeSpans(0).toBuilder().setSpans(0, span))).build();
  }

  private void assertStillServes() {
    int before = sink.itemCount();
    assertThat(stub().export(TestData.traces(0, 3).toRequest())).isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
    assertThat(sink.itemCount()).isEqualTo(before + 3);
  }

  @Test
  void batchesKeepTheBytesTheyWereReceivedAs() throws Exception {
    start(4);
    ExportTraceServiceRequest plain = TestData.traces(0, 4).toRequest();
    ExportTraceServiceRequest gzipped = TestData.traces(10, 3).toRequest();
    stub().export(plain);
    stub().withCompression("gzip").export(gzipped);
    MetricsServiceGrpc.newBlockingStub(channel).export(TestData.metrics(0, 5).toRequest());
    LogsServiceGrpc.newBlockingStub(channel).export(TestData.logs(0, 6).toRequest());
    var traces = sink.batchesOf(io.otelcol4j.consumer.TracesBatch.class);
    assertThat(traces).hasSize(2);
    assertThat(traces.get(0).wireBytes()).isEqualTo(plain.toByteString());
    assertThat(traces.get(0).toRequest()).isEqualTo(plain);
    assertThat(traces.get(1).wireBytes()).isEqualTo(gzipped.toByteString());
    assertThat(sink.batchesOf(io.otelcol4j.consumer.MetricsBatch.class).get(0).wireBytes())
        .isEqualTo(TestData.metrics(0, 5).toRequest().toByteString());
    assertThat(sink.batchesOf(io.otelcol4j.consumer.LogsBatch.class).get(0).wireBytes())
        .isEqualTo(TestData.logs(0, 6).toRequest().toByteString());
  }

  @Test
  void acceptsEachSignalAndPassesPeerAndDeadline() throws Exception {
    start(4);
    stub().export(TestData.traces(0, 4).toRequest());
    MetricsServiceGrpc.newBlockingStub(channel).export(TestData.metrics(0, 5).toRequest());
    LogsServiceGrpc.newBlockingStub(channel).export(TestData.logs(0, 6).toRequest());
    assertThat(sink.itemCount()).isEqualTo(15);
    assertThat(sink.contexts().get(0).peerAddress()).isEqualTo("127.0.0.1");
    assertThat(sink.contexts().get(0).deadline()).isNotNull();
    assertThat(sink.contexts().get(1).deadline()).isNull();
  }

  @Test
  void messageOverMaxRecvMsgSizeIsResourceExhausted() throws Exception {
    start(1);
    assertThatThrownBy(() -> stub().export(bigRequest(2 << 20)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertThat(sink.itemCount()).isZero();
    assertStillServes();
  }

  @Test
  void gzipIsAcceptedAndAGzipBombIsResourceExhausted() throws Exception {
    start(1);
    stub().withCompression("gzip").export(TestData.traces(0, 2).toRequest());
    assertThat(sink.itemCount()).isEqualTo(2);
    // 8 MiB of one repeated character compresses to a few KiB; decompressing it passes the 1 MiB limit.
    assertThatThrownBy(() -> stub().withCompression("gzip").export(bigRequest(8 << 20)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertStillServes();
  }

  @Test
  void malformedMessageIsInvalidArgument() throws Exception {
    start(4);
    MethodDescriptor<byte[], byte[]> raw = TraceServiceGrpc.getExportMethod().toBuilder(new RawMarshaller(),
        new RawMarshaller()).build();
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, raw,
            CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new byte[] {0x0a, (byte) 0xff, 0x01}))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).startsWith("malformed ExportTraceServiceRequest: ");
        });
    assertStillServes();
  }

  @Test
  void retryableRefusalIsUnavailableWithRetryInfo() throws Exception {
    start(4);
    sink.failWith(new RetryableConsumeException("queue is full", Duration.ofSeconds(2), null));
    assertThatThrownBy(() -> stub().export(TestData.traces(0, 3).toRequest()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).isEqualTo("queue is full");
          com.google.rpc.Status s = StatusProto.fromThrowable(e);
          assertThat(s).isNotNull();
          try {
            assertThat(s.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(2);
          } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
          }
        });
    sink.failWith(new RetryableConsumeException("busy"));
    assertThatThrownBy(() -> stub().export(TestData.traces(0, 3).toRequest()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(StatusProto.fromThrowable(e).getDetailsList()).isEmpty();
        });
    sink.failWith(null);
    assertStillServes();
  }

  @Test
  void permanentRefusalIsInvalidArgument() throws Exception {
    start(4);
    sink.failWith(new PermanentConsumeException("rejected by backend"));
    assertThatThrownBy(() -> stub().export(TestData.traces(0, 3).toRequest()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("rejected by backend");
        });
    sink.failWith(null);
    assertStillServes();
  }

  @Test
  void aSignalWithoutConsumerIsUnimplemented() throws Exception {
    receiver = Receivers.start(Receivers.withGrpc(4, false), sink.traces(), null, null);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
    assertThatThrownBy(() -> LogsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
            .export(TestData.logs(0, 1).toRequest()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    assertStillServes();
  }

  /** Sends and receives bytes as they are. */
  private static final class RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
