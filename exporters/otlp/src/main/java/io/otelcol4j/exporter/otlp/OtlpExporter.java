package io.otelcol4j.exporter.otlp;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Drainable;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.otelcol4j.tls.PemTls;
import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ComponentSettings;
import io.otelcol4j.component.Host;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.RetryableConsumeException;
import io.otelcol4j.consumer.TracesBatch;
import io.otelcol4j.telemetry.Logger;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One OTLP/gRPC client: a channel and the three Export stubs, shared by the traces, metrics and
 * logs exporters of one exporter id (so one id is one connection pool, as upstream). Each signal's
 * exporter holds a reference taken with {@link #acquire()}; the channel is opened by the first
 * {@link #lifecycle() start} and closed when the last reference is released.
 *
 * <p>Usable without YAML: {@code new OtlpExporter(settings, OtlpExporterConfig.of("host:4317"), () -> {})},
 * then {@link #exportTraces} after {@code lifecycle().start(host)}.
 */
final class OtlpExporter {
  /*
   * The Export methods with a request marshaller that writes a batch's received wire bytes as they
   * are (see TracesBatch#wireBytes), encoding the request only for batches built otherwise.
   */
  private static final MethodDescriptor<TracesBatch, ExportTraceServiceResponse> EXPORT_TRACES =
      batchMethod(TraceServiceGrpc.getExportMethod(), TracesBatch::wireBytes, TracesBatch::toRequest);
  private static final MethodDescriptor<MetricsBatch, ExportMetricsServiceResponse> EXPORT_METRICS =
      batchMethod(MetricsServiceGrpc.getExportMethod(), MetricsBatch::wireBytes, MetricsBatch::toRequest);
  private static final MethodDescriptor<LogsBatch, ExportLogsServiceResponse> EXPORT_LOGS =
      batchMethod(LogsServiceGrpc.getExportMethod(), LogsBatch::wireBytes, LogsBatch::toRequest);

  private final OtlpExporterConfig config;
  private final Logger logger;
  private final String userAgent;
  private final Runnable onClose;
  private int references;
  private boolean closed;
  private @Nullable ManagedChannel channel;
  private TraceServiceGrpc.@Nullable TraceServiceBlockingStub traces;
  private MetricsServiceGrpc.@Nullable MetricsServiceBlockingStub metrics;
  private LogsServiceGrpc.@Nullable LogsServiceBlockingStub logs;

  OtlpExporter(ComponentSettings settings, OtlpExporterConfig config, Runnable onClose) {
    this.config = requireNonNull(config, "config");
    this.logger = settings.logger();
    this.userAgent = "otelcol4j/" + settings.buildInfo().version();
    this.onClose = requireNonNull(onClose, "onClose");
  }

  OtlpExporterConfig config() {
    return config;
  }

  /** Takes a reference; false when this client is already closed. */
  synchronized boolean acquire() {
    if (closed) {
      return false;
    }
    references++;
    return true;
  }

  /** A start/shutdown pair for one signal's exporter helper: opens the channel, releases a reference. */
  Component lifecycle() {
    return new Component() {
      @Override
      public void start(Host host) throws Exception {
        open(host);
      }

      @Override
      public void shutdown(Duration deadline) throws Exception {
        release(deadline);
      }
    };
  }

  private synchronized void open(Host host) throws IOException {
    if (channel != null) {
      return;
    }
    ComponentId auth = config.authenticator();
    if (auth != null) {
      // No client authenticator extension type exists yet, so any reference is unresolvable.
      if (host.extensions().containsKey(auth)) {
        throw new IllegalStateException("failed to resolve authenticator \"" + auth
            + "\": extension \"" + auth + "\" is not a client authenticator");
      }
      throw new IllegalStateException("failed to resolve authenticator \"" + auth + "\": authenticator \"" + auth
          + "\" not found");
    }
    GrpcTarget target = GrpcTarget.parse(config.endpoint());
    ManagedChannelBuilder<?> b = Grpc.newChannelBuilderForAddress(target.host(), target.port(), credentials(target))
        .defaultLoadBalancingPolicy(config.balancerName())
        .userAgent(userAgent);
    OtlpExporterConfig.Keepalive ka = config.keepalive();
    if (!ka.time().isZero()) {
      b.keepAliveTime(ka.time().toNanos(), TimeUnit.NANOSECONDS)
          .keepAliveWithoutCalls(ka.permitWithoutStream());
      if (!ka.timeout().isZero()) {
        b.keepAliveTimeout(ka.timeout().toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    if (!config.tls().serverNameOverride().isEmpty()) {
      b.overrideAuthority(config.tls().serverNameOverride());
    }
    if (!config.headers().isEmpty()) {
      Metadata md = new Metadata();
      config.headers().forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
      b.intercept(MetadataUtils.newAttachHeadersInterceptor(md));
    }
    ManagedChannel ch = b.build();
    channel = ch;
    traces = configure(TraceServiceGrpc.newBlockingStub(ch));
    metrics = configure(MetricsServiceGrpc.newBlockingStub(ch));
    logs = configure(LogsServiceGrpc.newBlockingStub(ch));
    logger.info("Connecting to the OTLP/gRPC endpoint", "endpoint", config.endpoint(),
        "tls", !(config.tls().insecure() && !target.https()));
  }

  private <S extends AbstractStub<S>> S configure(S stub) {
    return config.gzip() ? stub.withCompression("gzip") : stub;
  }

  private ChannelCredentials credentials(GrpcTarget target) throws IOException {
    OtlpExporterConfig.Tls tls = config.tls();
    if (tls.insecure() && !target.https()) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
    try {
      if (tls.insecureSkipVerify()) {
        b.trustManager(PemTls.trustAll());
      } else if (!tls.caFile().isEmpty()) {
        b.trustManager(new File(tls.caFile()));
      }
      if (!tls.certFile().isEmpty()) {
        b.keyManager(new File(tls.certFile()), new File(tls.keyFile()));
      }
    } catch (IOException e) {
      throw new IOException("failed to load TLS config: " + e.getMessage(), e);
    }
    return b.build();
  }

  void exportTraces(TracesBatch batch, Duration timeout) {
    ExportTraceServiceResponse r;
    try {
      r = call(withDeadline(stub(traces), timeout), EXPORT_TRACES, batch);
    } catch (StatusRuntimeException e) {
      throw GrpcStatuses.classify(e);
    }
    if (r.hasPartialSuccess()) {
      partialSuccess("spans", r.getPartialSuccess().getRejectedSpans(), r.getPartialSuccess().getErrorMessage());
    }
  }

  void exportMetrics(MetricsBatch batch, Duration timeout) {
    ExportMetricsServiceResponse r;
    try {
      r = call(withDeadline(stub(metrics), timeout), EXPORT_METRICS, batch);
    } catch (StatusRuntimeException e) {
      throw GrpcStatuses.classify(e);
    }
    if (r.hasPartialSuccess()) {
      partialSuccess("data points", r.getPartialSuccess().getRejectedDataPoints(), r.getPartialSuccess().getErrorMessage());
    }
  }

  void exportLogs(LogsBatch batch, Duration timeout) {
    ExportLogsServiceResponse r;
    try {
      r = call(withDeadline(stub(logs), timeout), EXPORT_LOGS, batch);
    } catch (StatusRuntimeException e) {
      throw GrpcStatuses.classify(e);
    }
    if (r.hasPartialSuccess()) {
      partialSuccess("log records", r.getPartialSuccess().getRejectedLogRecords(), r.getPartialSuccess().getErrorMessage());
    }
  }

  /**
   * As upstream, a partial success is logged once per batch and not counted as failed: the items
   * were sent, the backend chose to drop some.
   */
  private void partialSuccess(String what, long rejected, String message) {
    if (rejected != 0 || !message.isEmpty()) {
      logger.warn("Partial success response", "message", message, "dropped_" + what.replace(' ', '_'), rejected);
    }
  }

  private synchronized <S> S stub(@Nullable S stub) {
    if (stub == null) {
      throw new RetryableConsumeException(closed ? "exporter is shut down" : "exporter is not started");
    }
    return stub;
  }

  private static <S extends AbstractStub<S>> S withDeadline(S stub, Duration timeout) {
    return timeout.isZero() ? stub : stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A unary call on the stub's channel with its call options (compression, deadline). */
  private static <B, R> R call(AbstractStub<?> stub, MethodDescriptor<B, R> method, B batch) {
    Channel ch = stub.getChannel();
    CallOptions options = stub.getCallOptions();
    return ClientCalls.blockingUnaryCall(ch, method, options, batch);
  }

  private static <Q, B, R> MethodDescriptor<B, R> batchMethod(MethodDescriptor<Q, R> base,
      Function<B, @Nullable ByteString> wire, Function<B, Q> request) {
    return base.toBuilder(new BatchMarshaller<>(wire, request, base.getRequestMarshaller()),
        base.getResponseMarshaller()).build();
  }

  /** Writes a batch's wire bytes when it has them, else its request through the protobuf marshaller. */
  private static final class BatchMarshaller<B, Q> implements MethodDescriptor.Marshaller<B> {
    private final Function<B, @Nullable ByteString> wire;
    private final Function<B, Q> request;
    private final MethodDescriptor.Marshaller<Q> encoder;

    BatchMarshaller(Function<B, @Nullable ByteString> wire, Function<B, Q> request,
        MethodDescriptor.Marshaller<Q> encoder) {
      this.wire = wire;
      this.request = request;
      this.encoder = encoder;
    }

    @Override
    public InputStream stream(B batch) {
      ByteString bytes = wire.apply(batch);
      return bytes != null ? new WireStream(bytes) : encoder.stream(request.apply(batch));
    }

    @Override
    public B parse(InputStream stream) {
      throw new UnsupportedOperationException("client-side request marshaller only writes");
    }
  }

  /** Already encoded bytes, drained into gRPC's framer without another copy. */
  private static final class WireStream extends InputStream implements KnownLength, Drainable {
    private final ByteString bytes;
    private int pos;

    WireStream(ByteString bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return pos < bytes.size() ? bytes.byteAt(pos++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int n = Math.min(len, bytes.size() - pos);
      if (n <= 0) {
        return -1;
      }
      bytes.copyTo(b, pos, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return bytes.size() - pos;
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = bytes.size() - pos;
      // ByteString.writeTo(OutputStream) copies every piece first, in case the stream kept the array;
      // gRPC's framer copies what it is given into its own buffers, so the pieces go as they are.
      UnsafeByteOperations.unsafeWriteTo(bytes.substring(pos), new StreamOutput(target));
      pos = bytes.size();
      return n;
    }
  }

  /** Writes the pieces of a ByteString straight to a stream that does not keep them. */
  private static final class StreamOutput extends ByteOutput {
    private final OutputStream out;

    StreamOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(byte value) throws IOException {
      out.write(value);
    }

    @Override
    public void write(byte[] value, int offset, int length) throws IOException {
      out.write(value, offset, length);
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) throws IOException {
      out.write(value, offset, length);
    }

    @Override
    public void write(ByteBuffer value) throws IOException {
      if (value.hasArray()) {
        out.write(value.array(), value.arrayOffset() + value.position(), value.remaining());
      } else {
        byte[] chunk = new byte[value.remaining()];
        value.duplicate().get(chunk);
        out.write(chunk);
      }
    }

    @Override
    public void writeLazy(ByteBuffer value) throws IOException {
      write(value);
    }
  }

  private void release(Duration deadline) throws InterruptedException {
    ManagedChannel ch;
    synchronized (this) {
      if (closed || --references > 0) {
        return;
      }
      closed = true;
      ch = channel;
      channel = null;
      traces = null;
      metrics = null;
      logs = null;
    }
    onClose.run();
    if (ch != null) {
      ch.shutdown();
      if (!ch.awaitTermination(Math.max(0, deadline.toNanos()), TimeUnit.NANOSECONDS)) {
        ch.shutdownNow();
      }
    }
  }

}
