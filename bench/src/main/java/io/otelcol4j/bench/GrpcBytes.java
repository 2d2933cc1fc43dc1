package io.otelcol4j.bench;

import io.grpc.MethodDescriptor;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OTLP Export methods with raw-bytes marshallers: the client sends pre-serialised requests
 * (no per-call serialisation) and the sink counts items on the wire (no message objects), so the
 * harness's own CPU stays small next to the collector's.
 */
final class GrpcBytes {
  private GrpcBytes() {}

  static final byte[] EMPTY = new byte[0];

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static MethodDescriptor<byte[], byte[]> method(String signal) {
    MethodDescriptor<?, ?> m = switch (signal) {
      case "traces" -> TraceServiceGrpc.getExportMethod();
      case "metrics" -> MetricsServiceGrpc.getExportMethod();
      case "logs" -> LogsServiceGrpc.getExportMethod();
      default -> throw new IllegalArgumentException("unknown signal " + signal + " (expected traces, metrics or logs)");
    };
    return m.toBuilder(BYTES, BYTES).build();
  }
}
