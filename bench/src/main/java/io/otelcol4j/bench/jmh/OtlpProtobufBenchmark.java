package io.otelcol4j.bench.jmh;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.otelcol4j.bench.Payloads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The protobuf work of an OTLP pass-through, per span (512-span requests): parse as the receiver
 * does (from a stream, as gRPC's marshaller hands it) and from a byte array, and serialise as the
 * exporter does (gRPC's marshaller writes to an OutputStream) versus into one byte array.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(512)
public class OtlpProtobufBenchmark {
  private byte[] bytes;
  private ExportTraceServiceRequest request;

  /** An OutputStream that discards, like a socket buffer that is always free. */
  private static final OutputStream NULL = new OutputStream() {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  };

  @Setup
  public void setup() {
    request = Payloads.traces(512, 1);
    bytes = request.toByteArray();
  }

  @Benchmark
  public ExportTraceServiceRequest parseFromBytes() throws IOException {
    return ExportTraceServiceRequest.parseFrom(bytes);
  }

  @Benchmark
  public ExportTraceServiceRequest parseFromStream() throws IOException {
    return ExportTraceServiceRequest.parseFrom(new ByteArrayInputStream(bytes));
  }

  @Benchmark
  public byte[] serializeToArray() {
    // A fresh message each time would be fairer for memoized sizes; sizes are memoized by the
    // receiver's parse too, so the exporter sees the same.
    return request.toByteArray();
  }

  @Benchmark
  public int serializeToStream() throws IOException {
    CodedOutputStream out = CodedOutputStream.newInstance(NULL, 8192);
    request.writeTo(out);
    out.flush();
    return out.getTotalBytesWritten();
  }
}
