package io.otelcol4j.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.KnownLength;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.Context;
import io.otelcol4j.consumer.Failures;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.telemetry.Logger;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP/gRPC server: the collector's {@code TraceService}, {@code MetricsService} and
 * {@code LogsService} on a gRPC-Java Netty server. gzip request compression is built in (gRPC-Java
 * registers it by default); no zstd codec is available here, so zstd requests get
 * {@code UNIMPLEMENTED} from gRPC itself.
 *
 * <p>Requests are parsed by our own marshaller so that a malformed message is answered with
 * {@code INVALID_ARGUMENT} naming what failed, rather than gRPC's generic internal error.
 */
final class GrpcServer {
  /** The pipeline context of the current call, set by {@link ContextInterceptor}. */
  static final io.grpc.Context.Key<Context> CONTEXT = io.grpc.Context.key("otelcol4j.pipeline-context");

  private final OtlpReceiverConfig.Grpc config;
  private final OtlpReceiver.Consumers consumers;
  private final Logger logger;
  private final String name;
  private @Nullable Server server;

  GrpcServer(String name, OtlpReceiverConfig.Grpc config, OtlpReceiver.Consumers consumers, Logger logger) {
    this.name = name;
    this.config = config;
    this.consumers = consumers;
    this.logger = logger;
  }

  void start() throws Exception {
    NettyServerBuilder b = NettyServerBuilder.forAddress(config.hostPort().bindAddress());
    OtlpReceiverConfig.Tls tls = config.tls();
    if (tls != null) {
      try {
        SslContextBuilder ssl = GrpcSslContexts.forServer(new File(tls.certFile()), new File(tls.keyFile()))
            .protocols(tls.protocols());
        if (tls.clientCaFile() != null) {
          ssl.trustManager(new File(tls.clientCaFile())).clientAuth(ClientAuth.REQUIRE);
        }
        b.sslContext(ssl.build());
      } catch (Exception e) {
        throw new IOException(Tls.loadFailure("grpc", tls, e), e);
      }
    }
    b.maxInboundMessageSize(config.maxRecvMsgSizeMib() << 20);
    if (config.maxConcurrentStreams() > 0) {
      b.maxConcurrentCallsPerConnection(config.maxConcurrentStreams());
    }
    OtlpReceiverConfig.ServerParameters sp = config.keepalive().serverParameters();
    if (sp.time().toNanos() > 0) {
      b.keepAliveTime(sp.time().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (sp.timeout().toNanos() > 0) {
      b.keepAliveTimeout(sp.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (sp.maxConnectionIdle().toNanos() > 0) {
      b.maxConnectionIdle(sp.maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (sp.maxConnectionAge().toNanos() > 0) {
      b.maxConnectionAge(sp.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (sp.maxConnectionAgeGrace().toNanos() > 0) {
      b.maxConnectionAgeGrace(sp.maxConnectionAgeGrace().toNanos(), TimeUnit.NANOSECONDS);
    }
    OtlpReceiverConfig.EnforcementPolicy ep = config.keepalive().enforcementPolicy();
    if (ep.minTime().toNanos() > 0) {
      b.permitKeepAliveTime(ep.minTime().toNanos(), TimeUnit.NANOSECONDS);
    }
    b.permitKeepAliveWithoutCalls(ep.permitWithoutStream());

    ContextInterceptor interceptor = new ContextInterceptor(config.includeMetadata());
    if (consumers.traces() != null) {
      b.addService(ServerInterceptors.intercept(service(TraceServiceGrpc.SERVICE_NAME, TraceServiceGrpc.getExportMethod(),
          "ExportTraceServiceRequest", TracesBatch::parseFrom, consumers.traces(),
          ExportTraceServiceResponse.getDefaultInstance(), "traces"), interceptor));
    }
    if (consumers.metrics() != null) {
      b.addService(ServerInterceptors.intercept(service(MetricsServiceGrpc.SERVICE_NAME,
          MetricsServiceGrpc.getExportMethod(), "ExportMetricsServiceRequest", MetricsBatch::parseFrom,
          consumers.metrics(), ExportMetricsServiceResponse.getDefaultInstance(), "metrics"), interceptor));
    }
    if (consumers.logs() != null) {
      b.addService(ServerInterceptors.intercept(service(LogsServiceGrpc.SERVICE_NAME, LogsServiceGrpc.getExportMethod(),
          "ExportLogsServiceRequest", LogsBatch::parseFrom, consumers.logs(),
          ExportLogsServiceResponse.getDefaultInstance(), "logs"), interceptor));
    }
    try {
      server = b.build().start();
    } catch (IOException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException("cannot listen on " + config.endpoint() + ": " + cause.getMessage(), e);
    }
  }

  int port() {
    Server s = server;
    return s == null ? -1 : s.getPort();
  }

  /** Closes the listening socket (releasing the port) and refuses new calls; in-flight calls go on. */
  void stopAccepting() {
    Server s = server;
    if (s != null) {
      s.shutdown();
    }
  }

  /** Waits for in-flight calls up to {@code deadline}, then cancels what is left. */
  void awaitStopped(Duration deadline) throws InterruptedException {
    Server s = server;
    if (s == null) {
      return;
    }
    s.shutdown();
    if (!s.awaitTermination(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
      logger.warn("gRPC calls still in flight at the shutdown deadline; cancelling them", "receiver", name);
      s.shutdownNow();
      s.awaitTermination(1, TimeUnit.SECONDS);
    }
  }

  private <Q, R, B extends Batch<B>> ServerServiceDefinition service(String serviceName, MethodDescriptor<Q, R> base,
      String requestName, BatchParser<B> parser, Consumer<B> consumer, R ok, String signal) {
    MethodDescriptor<Parsed<B>, R> method =
        base.toBuilder(new ParsingMarshaller<>(parser), base.getResponseMarshaller()).build();
    ServerCalls.UnaryMethod<Parsed<B>, R> handler = (in, observer) -> {
      // A client that gave up (deadline, cancel) must not make answering it throw: the data, if
      // consumed, is the pipeline's now, and there is no one left to tell.
      ((ServerCallStreamObserver<R>) observer).setOnCancelHandler(() -> {});
      B batch = in.batch;
      if (batch == null) {
        Status failure = in.failure != null
            ? in.failure
            : Status.INVALID_ARGUMENT.withDescription("malformed " + requestName + ": " + in.error);
        logger.debug("Malformed OTLP/gRPC request", "signal", signal, "peer", peer(), "error", failure);
        observer.onError(failure.asRuntimeException());
        return;
      }
      if (batch.itemCount() > 0) {
        try {
          consumer.consume(currentContext(), batch);
        } catch (Throwable t) {
          Failures.propagateIfFatal(t);
          observer.onError(StatusProto.toStatusRuntimeException(Refusal.of(t).toStatus()));
          return;
        }
      }
      observer.onNext(ok);
      observer.onCompleted();
    };
    return ServerServiceDefinition.builder(serviceName).addMethod(method, ServerCalls.asyncUnaryCall(handler)).build();
  }

  private static Context currentContext() {
    Context c = CONTEXT.get();
    return c == null ? Context.EMPTY : c;
  }

  private static @Nullable String peer() {
    return currentContext().peerAddress();
  }

  /** Makes a batch of received request bytes, which it may keep (see {@link TracesBatch#parseFrom}). */
  @FunctionalInterface
  interface BatchParser<B> {
    B parse(byte[] wire) throws InvalidProtocolBufferException;
  }

  /**
   * A request read by {@link ParsingMarshaller}: the batch, or what made it unreadable (a protobuf
   * error, or a gRPC status such as the size limit hit while decompressing). The batch keeps the
   * bytes it was read from, checked but not decoded, so that an OTLP exporter sends them on as they
   * are and nothing in between decodes a message unless it needs one.
   */
  static final class Parsed<B> {
    final @Nullable B batch;
    final @Nullable String error;
    final @Nullable Status failure;

    private Parsed(@Nullable B batch, @Nullable String error, @Nullable Status failure) {
      this.batch = batch;
      this.error = error;
      this.failure = failure;
    }

    static <B> Parsed<B> of(B batch) {
      return new Parsed<>(batch, null, null);
    }

    static <B> Parsed<B> failed(@Nullable String error, @Nullable Status failure) {
      return new Parsed<>(null, error, failure);
    }
  }

  /**
   * Reads requests without throwing, so the handler answers every unreadable request itself:
   * malformed protobuf with {@code INVALID_ARGUMENT}, and gRPC's own failures while reading (e.g.
   * {@code RESOURCE_EXHAUSTED} when a compressed message inflates past the limit) with their
   * status. Thrown from here, gRPC would answer {@code UNKNOWN} and log an error.
   */
  static final class ParsingMarshaller<B> implements MethodDescriptor.Marshaller<Parsed<B>> {
    private final BatchParser<B> parser;

    ParsingMarshaller(BatchParser<B> parser) {
      this.parser = parser;
    }

    @Override
    public InputStream stream(Parsed<B> value) {
      throw new UnsupportedOperationException("server-side request marshaller only parses");
    }

    @Override
    public Parsed<B> parse(InputStream stream) {
      try {
        return Parsed.of(parser.parse(readAll(stream)));
      } catch (InvalidProtocolBufferException e) {
        return Parsed.failed(e.getMessage(), null);
      } catch (IOException e) {
        return Parsed.failed(String.valueOf(e.getMessage()), null);
      } catch (StatusRuntimeException e) {
        return Parsed.failed(null, e.getStatus());
      }
    }

    /** The whole message: one exactly sized read when gRPC knows the length (uncompressed), else buffered. */
    private static byte[] readAll(InputStream stream) throws IOException {
      if (stream instanceof KnownLength) {
        int size = stream.available();
        byte[] out = new byte[size];
        int n = stream.readNBytes(out, 0, size);
        if (n == size && stream.read() == -1) {
          return out;
        }
        byte[] rest = stream.readAllBytes();
        byte[] all = new byte[n + rest.length];
        System.arraycopy(out, 0, all, 0, n);
        System.arraycopy(rest, 0, all, n, rest.length);
        return all;
      }
      return stream.readAllBytes();
    }
  }

  /** Puts the caller's address, deadline and (when enabled) metadata into the call's context. */
  static final class ContextInterceptor implements ServerInterceptor {
    private final boolean includeMetadata;

    ContextInterceptor(boolean includeMetadata) {
      this.includeMetadata = includeMetadata;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      InetSocketAddress peer = remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
      Map<String, List<String>> metadata = includeMetadata ? metadata(headers) : Map.of();
      Deadline d = io.grpc.Context.current().getDeadline();
      Instant deadline = d == null ? null : Instant.now().plusNanos(d.timeRemaining(TimeUnit.NANOSECONDS));
      io.grpc.Context ctx = io.grpc.Context.current().withValue(CONTEXT, new Context(peer, metadata, deadline));
      return Contexts.interceptCall(ctx, call, headers, next);
    }

    private static Map<String, List<String>> metadata(Metadata headers) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (String key : headers.keys()) {
        if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          continue; // binary values are not text; upstream passes them through base64, we leave them out
        }
        Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        if (values != null) {
          List<String> list = new java.util.ArrayList<>();
          values.forEach(list::add);
          out.put(key, list);
        }
      }
      return out;
    }
  }
}
