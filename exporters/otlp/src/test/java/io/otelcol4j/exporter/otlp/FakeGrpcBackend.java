package io.otelcol4j.exporter.otlp;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Codec;
import io.grpc.Decompressor;
import io.grpc.DecompressorRegistry;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable OTLP/gRPC backend on 127.0.0.1: records requests and metadata, answers with
 * scripted failures first, counts gzip-compressed requests.
 */
final class FakeGrpcBackend implements AutoCloseable {
  final List<ExportTraceServiceRequest> traces = new ArrayList<>();
  final List<ExportMetricsServiceRequest> metrics = new ArrayList<>();
  final List<ExportLogsServiceRequest> logs = new ArrayList<>();
  final List<Metadata> headers = new ArrayList<>();
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger gzipped = new AtomicInteger();
  private final Deque<StatusRuntimeException> failures = new ArrayDeque<>();
  private volatile long rejectedSpans;
  private final Server server;

  private FakeGrpcBackend(ServerCredentials creds) throws IOException {
    Codec.Gzip gzip = new Codec.Gzip();
    Decompressor counting = new Decompressor() {
      @Override
      public String getMessageEncoding() {
        return "gzip";
      }

      @Override
      public InputStream decompress(InputStream is) throws IOException {
        gzipped.incrementAndGet();
        return gzip.decompress(is);
      }
    };
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
        synchronized (FakeGrpcBackend.this) {
          headers.add(md);
        }
        return next.startCall(call, md);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), creds)
        .decompressorRegistry(DecompressorRegistry.getDefaultInstance().with(counting, true))
        .addService(ServerInterceptors.intercept(new Traces(), capture))
        .addService(ServerInterceptors.intercept(new Metrics(), capture))
        .addService(ServerInterceptors.intercept(new Logs(), capture))
        .build()
        .start();
  }

  static FakeGrpcBackend start() throws IOException {
    return new FakeGrpcBackend(InsecureServerCredentials.create());
  }

  static FakeGrpcBackend start(ServerCredentials creds) throws IOException {
    return new FakeGrpcBackend(creds);
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  int port() {
    return server.getPort();
  }

  /** The next calls fail with these statuses, in order. */
  synchronized void failNext(StatusRuntimeException... statuses) {
    failures.addAll(List.of(statuses));
  }

  void rejectSpans(long n) {
    rejectedSpans = n;
  }

  static StatusRuntimeException status(com.google.rpc.Code code, java.time.@Nullable Duration retryDelay) {
    com.google.rpc.Status.Builder s = com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage("scripted " + code);
    if (retryDelay != null) {
      s.addDetails(Any.pack(RetryInfo.newBuilder()
          .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(retryDelay.getSeconds()).setNanos(retryDelay.getNano()))
          .build()));
    }
    return StatusProto.toStatusRuntimeException(s.build());
  }

  synchronized int spanCount() {
    return traces.stream().mapToInt(r -> r.getResourceSpansList().stream()
        .mapToInt(rs -> rs.getScopeSpansList().stream().mapToInt(ss -> ss.getSpansCount()).sum()).sum()).sum();
  }

  private synchronized @Nullable StatusRuntimeException nextFailure() {
    calls.incrementAndGet();
    return failures.poll();
  }

  private final class Traces extends TraceServiceGrpc.TraceServiceImplBase {
    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
      StatusRuntimeException f = nextFailure();
      if (f != null) {
        out.onError(f);
        return;
      }
      synchronized (FakeGrpcBackend.this) {
        traces.add(request);
      }
      ExportTraceServiceResponse.Builder r = ExportTraceServiceResponse.newBuilder();
      if (rejectedSpans > 0) {
        r.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejectedSpans).setErrorMessage("too old"));
      }
      out.onNext(r.build());
      out.onCompleted();
    }
  }

  private final class Metrics extends MetricsServiceGrpc.MetricsServiceImplBase {
    @Override
    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> out) {
      StatusRuntimeException f = nextFailure();
      if (f != null) {
        out.onError(f);
        return;
      }
      synchronized (FakeGrpcBackend.this) {
        metrics.add(request);
      }
      out.onNext(ExportMetricsServiceResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  private final class Logs extends LogsServiceGrpc.LogsServiceImplBase {
    @Override
    public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> out) {
      StatusRuntimeException f = nextFailure();
      if (f != null) {
        out.onError(f);
        return;
      }
      synchronized (FakeGrpcBackend.this) {
        logs.add(request);
      }
      out.onNext(ExportLogsServiceResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
