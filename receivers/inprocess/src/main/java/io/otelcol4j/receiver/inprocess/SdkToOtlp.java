package io.otelcol4j.receiver.inprocess;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * Converts SDK data to our OTLP batches with the SDK's own OTLP marshalers: the bytes its OTLP
 * exporters send, parsed back into protobuf messages. This costs one encode and one parse per
 * export, but the conversion is exact and maintained with the SDK (new fields, semantic
 * details such as dropped counts and flags) rather than re-written here.
 *
 * <p>Risk: {@code io.opentelemetry.exporter.internal} is not a public API of the SDK and may change
 * between versions; the parent pom pins the SDK version and this module's tests cover every signal,
 * so a break shows up at the upgrade.
 */
final class SdkToOtlp {
  private SdkToOtlp() {}

  static TracesBatch traces(Collection<SpanData> spans) {
    try {
      return TracesBatch.parseFrom(bytes(TraceRequestMarshaler.create(spans)));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the SDK's trace marshaler wrote an unreadable request", e);
    }
  }

  static MetricsBatch metrics(Collection<MetricData> metrics) {
    try {
      return MetricsBatch.parseFrom(bytes(MetricsRequestMarshaler.create(metrics)));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the SDK's metrics marshaler wrote an unreadable request", e);
    }
  }

  static LogsBatch logs(Collection<LogRecordData> logs) {
    try {
      return LogsBatch.parseFrom(bytes(LogsRequestMarshaler.create(logs)));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the SDK's logs marshaler wrote an unreadable request", e);
    }
  }

  private static byte[] bytes(Marshaler m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(m.getBinarySerializedSize());
    try {
      m.writeBinaryTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }
}
