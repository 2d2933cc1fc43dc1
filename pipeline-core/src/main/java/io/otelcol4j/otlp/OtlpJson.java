package io.otelcol4j.otlp;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.otelcol4j.consumer.LogsBatch;
import io.otelcol4j.consumer.MetricsBatch;
import io.otelcol4j.consumer.TracesBatch;
import java.nio.charset.StandardCharsets;

/**
 * OTLP/JSON: the JSON encoding of OTLP export requests as the OTLP specification defines it
 * (<a href="https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding">JSON Protobuf
 * Encoding</a>), used by OTLP/HTTP with {@code Content-Type: application/json} and by the file
 * exporter.
 *
 * <p>Output follows the protobuf JSON mapping with the OTLP exceptions:
 *
 * <ul>
 *   <li>field names in lowerCamelCase; unset fields (and, for fields without presence, default
 *       values) are left out;
 *   <li>enums as integers ({@code "kind":2});
 *   <li>{@code traceId}, {@code spanId} and {@code parentSpanId} of spans, links, log records and
 *       exemplars as lowercase hex strings, other {@code bytes} as base64;
 *   <li>64-bit integers as decimal strings ({@code "timeUnixNano":"1544712660300000000"}); doubles
 *       as numbers, or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"};
 *   <li>one line, no insignificant whitespace.
 * </ul>
 *
 * <p>Input is accepted as the specification requires of receivers: lowerCamelCase or original
 * snake_case field names, enums as integers or names, 64-bit integers as numbers or strings, ids
 * as hex in either case, and unknown fields ignored. {@code null} stands for a field's default.
 * Malformed input throws an {@link IllegalArgumentException} whose message says what is wrong and
 * where, for example {@code invalid trace id "xyz" at
 * resourceSpans[0].scopeSpans[0].spans[3].traceId: expected 32 hex characters}.
 *
 * <p>All methods are thread-safe and allocate only the result and its parts.
 */
public final class OtlpJson {
  private OtlpJson() {}

  /** The batch as one OTLP/JSON {@code ExportTraceServiceRequest}, on one line. */
  public static String toJson(TracesBatch batch) {
    return toJson(batch.toRequest(), batch.serializedSize());
  }

  /** The batch as one OTLP/JSON {@code ExportMetricsServiceRequest}, on one line. */
  public static String toJson(MetricsBatch batch) {
    return toJson(batch.toRequest(), batch.serializedSize());
  }

  /** The batch as one OTLP/JSON {@code ExportLogsServiceRequest}, on one line. */
  public static String toJson(LogsBatch batch) {
    return toJson(batch.toRequest(), batch.serializedSize());
  }

  /**
   * Any OTLP message (a request, a {@code Span}, a {@code Resource}, …) as OTLP/JSON, on one line.
   * Ids are written as hex wherever the message holds them.
   */
  public static String toJson(MessageOrBuilder message) {
    return toJson(message, 64);
  }

  private static String toJson(MessageOrBuilder message, int sizeHint) {
    // JSON is typically 2-3x the protobuf size; presizing avoids most regrowth.
    StringBuilder out = new StringBuilder(Math.max(64, Math.min(sizeHint * 3, 1 << 24)));
    JsonEncoder.writeMessage(out, message);
    return out.toString();
  }

  /**
   * Parses an OTLP/JSON {@code ExportTraceServiceRequest}.
   *
   * @throws IllegalArgumentException when {@code json} is not valid JSON or does not fit the
   *     request's schema; the message names the path of the offending value
   */
  public static TracesBatch parseTraces(String json) {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    parse(json, b);
    return TracesBatch.of(b.build());
  }

  /** Parses an OTLP/JSON {@code ExportTraceServiceRequest} in UTF-8; see {@link #parseTraces(String)}. */
  public static TracesBatch parseTraces(byte[] json) {
    return parseTraces(utf8(json));
  }

  /**
   * Parses an OTLP/JSON {@code ExportMetricsServiceRequest}.
   *
   * @throws IllegalArgumentException when {@code json} is not valid JSON or does not fit the
   *     request's schema; the message names the path of the offending value
   */
  public static MetricsBatch parseMetrics(String json) {
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    parse(json, b);
    return MetricsBatch.of(b.build());
  }

  /** Parses an OTLP/JSON {@code ExportMetricsServiceRequest} in UTF-8; see {@link #parseMetrics(String)}. */
  public static MetricsBatch parseMetrics(byte[] json) {
    return parseMetrics(utf8(json));
  }

  /**
   * Parses an OTLP/JSON {@code ExportLogsServiceRequest}.
   *
   * @throws IllegalArgumentException when {@code json} is not valid JSON or does not fit the
   *     request's schema; the message names the path of the offending value
   */
  public static LogsBatch parseLogs(String json) {
    ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
    parse(json, b);
    return LogsBatch.of(b.build());
  }

  /** Parses an OTLP/JSON {@code ExportLogsServiceRequest} in UTF-8; see {@link #parseLogs(String)}. */
  public static LogsBatch parseLogs(byte[] json) {
    return parseLogs(utf8(json));
  }

  /**
   * Merges the OTLP/JSON object in {@code json} into {@code builder}, for OTLP messages other than
   * the three export requests.
   *
   * @throws IllegalArgumentException as {@link #parseTraces(String)}
   */
  public static void merge(String json, Message.Builder builder) {
    parse(json, builder);
  }

  private static void parse(String json, Message.Builder builder) {
    requireNonNull(json, "json");
    JsonDecoder.parse(json, builder);
  }

  private static String utf8(byte[] json) {
    return new String(requireNonNull(json, "json"), StandardCharsets.UTF_8);
  }
}
