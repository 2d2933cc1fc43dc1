package io.otelcol4j.bench;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** A gRPC server implementing the three OTLP Export methods: counts items and answers OK. */
final class OtlpSink implements AutoCloseable {
  final LongAdder spans = new LongAdder();
  final LongAdder dataPoints = new LongAdder();
  final LongAdder logRecords = new LongAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder bytes = new LongAdder();
  private final Server server;

  OtlpSink() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(256 * 1024 * 1024)
        .addService(service("traces", "opentelemetry.proto.collector.trace.v1.TraceService", spans))
        .addService(service("metrics", "opentelemetry.proto.collector.metrics.v1.MetricsService", dataPoints))
        .addService(service("logs", "opentelemetry.proto.collector.logs.v1.LogsService", logRecords))
        .build()
        .start();
  }

  private ServerServiceDefinition service(String signal, String name, LongAdder counter) {
    return ServerServiceDefinition.builder(name)
        .addMethod(GrpcBytes.method(signal), ServerCalls.asyncUnaryCall((req, response) -> {
          try {
            long n = switch (signal) {
              case "traces" -> WireCount.spans(req);
              case "metrics" -> WireCount.dataPoints(req);
              default -> WireCount.logs(req);
            };
            counter.add(n);
            requests.increment();
            bytes.add(req.length);
            response.onNext(GrpcBytes.EMPTY);
            response.onCompleted();
          } catch (IOException e) {
            response.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription(e.toString()).asRuntimeException());
          }
        }))
        .build();
  }

  int port() {
    return server.getPort();
  }

  long items(String signal) {
    return switch (signal) {
      case "traces" -> spans.sum();
      case "metrics" -> dataPoints.sum();
      default -> logRecords.sum();
    };
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }
}
