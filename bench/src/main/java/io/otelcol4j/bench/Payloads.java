package io.otelcol4j.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The requests the harnesses send: built once, reused for every call. Spans look like HTTP server
 * spans of an instrumented service (ids, timestamps, kind, status and 10 attributes); log records
 * carry a ~90 character body, severity, trace context and 5 attributes; metric points carry 4
 * attributes each.
 */
public final class Payloads {
  private Payloads() {}

  static final long BASE_NANOS = 1_763_800_000_000_000_000L;
  private static final String[] ROUTES = {"/api/v1/orders/{id}", "/api/v1/items", "/api/v1/cart", "/health",
      "/api/v1/users/{id}/profile", "/api/v1/search"};
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};

  static Resource resource(String serviceName, String instanceId) {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", serviceName))
        .addAttributes(kv("service.instance.id", instanceId))
        .addAttributes(kv("service.version", "1.4.2"))
        .addAttributes(kv("host.name", "bench-host-01"))
        .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(kv("telemetry.sdk.language", "java"))
        .addAttributes(kv("telemetry.sdk.version", "1.65.0"))
        .build();
  }

  /** One resource, one scope, {@code count} spans. */
  public static ExportTraceServiceRequest traces(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ScopeSpans.Builder scope = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.tomcat-10.0").setVersion("2.10.0-alpha"));
    byte[] traceId = new byte[16];
    for (int i = 0; i < count; i++) {
      if (i % 8 == 0) {
        r.nextBytes(traceId);
      }
      byte[] spanId = new byte[8];
      r.nextBytes(spanId);
      byte[] parent = new byte[8];
      r.nextBytes(parent);
      String route = ROUTES[i % ROUTES.length];
      String method = METHODS[i % METHODS.length];
      long start = BASE_NANOS + i * 1_000_000L;
      scope.addSpans(Span.newBuilder()
          .setTraceId(ByteString.copyFrom(traceId))
          .setSpanId(ByteString.copyFrom(spanId))
          .setParentSpanId(ByteString.copyFrom(parent))
          .setName(method + " " + route)
          .setKind(Span.SpanKind.SPAN_KIND_SERVER)
          .setStartTimeUnixNano(start)
          .setEndTimeUnixNano(start + 1_000_000L + r.nextInt(50_000_000))
          .addAttributes(kv("http.request.method", method))
          .addAttributes(kv("http.route", route))
          .addAttributes(kvInt("http.response.status_code", i % 50 == 0 ? 500 : 200))
          .addAttributes(kv("url.path", route.replace("{id}", Integer.toString(r.nextInt(100_000)))))
          .addAttributes(kv("url.scheme", "https"))
          .addAttributes(kv("server.address", "shop.example.com"))
          .addAttributes(kvInt("server.port", 443))
          .addAttributes(kv("client.address", "10.1." + (i % 250) + "." + r.nextInt(250)))
          .addAttributes(kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) bench/1.0"))
          .addAttributes(kv("network.protocol.version", "1.1"))
          .setStatus(i % 50 == 0
              ? Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("Internal Server Error").build()
              : Status.getDefaultInstance()));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(resource("checkout", "checkout-7d9f-1"))
            .addScopeSpans(scope)
            .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0"))
        .build();
  }

  /** One resource, one scope, {@code count} log records. */
  public static ExportLogsServiceRequest logs(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ScopeLogs.Builder scope = ScopeLogs.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("org.example.checkout.OrderService"));
    for (int i = 0; i < count; i++) {
      byte[] traceId = new byte[16];
      r.nextBytes(traceId);
      byte[] spanId = new byte[8];
      r.nextBytes(spanId);
      long ts = BASE_NANOS + i * 1_000_000L;
      boolean warn = i % 10 == 0;
      scope.addLogRecords(LogRecord.newBuilder()
          .setTimeUnixNano(ts)
          .setObservedTimeUnixNano(ts + 1000)
          .setSeverityNumber(warn ? SeverityNumber.SEVERITY_NUMBER_WARN : SeverityNumber.SEVERITY_NUMBER_INFO)
          .setSeverityText(warn ? "WARN" : "INFO")
          .setBody(AnyValue.newBuilder().setStringValue("Order " + r.nextInt(1_000_000)
              + " accepted for customer " + r.nextInt(100_000) + " with 3 items, total 129.90 EUR, payment pending"))
          .addAttributes(kv("thread.name", "http-nio-8080-exec-" + (i % 20)))
          .addAttributes(kv("code.namespace", "org.example.checkout.OrderService"))
          .addAttributes(kv("code.function", "placeOrder"))
          .addAttributes(kvInt("code.lineno", 120 + i % 7))
          .addAttributes(kv("event.domain", "checkout"))
          .setTraceId(ByteString.copyFrom(traceId))
          .setSpanId(ByteString.copyFrom(spanId))
          .setFlags(1));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder()
            .setResource(resource("checkout", "checkout-7d9f-1"))
            .addScopeLogs(scope))
        .build();
  }

  /** Series {@code g} of the metric universe: its metric name and labels (without job/instance). */
  record Series(String name, Map<String, String> labels) {}

  static final int METRIC_FAMILIES = 64;

  static Series series(int g) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("shard", Integer.toString(g / METRIC_FAMILIES));
    l.put("host", "node-" + (g % 32));
    l.put("region", (g % 3 == 0) ? "eu-west-1" : (g % 3 == 1) ? "us-east-1" : "ap-south-1");
    l.put("method", METHODS[g % METHODS.length]);
    return new Series("bench_metric_" + (g % METRIC_FAMILIES), l);
  }

  static double value(int g) {
    return (g * 37 % 1000) + 0.25;
  }

  /**
   * One resource, one scope, {@code count} data points: series {@code first .. first+count-1} of
   * the universe, grouped by metric family. With {@code gaugesOnly} false, odd families are
   * cumulative monotonic sums.
   */
  public static ExportMetricsServiceRequest metrics(int first, int count, boolean gaugesOnly, String service,
      String instance, long timestampNanos) {
    Map<String, List<NumberDataPoint>> byName = new LinkedHashMap<>();
    for (int g = first; g < first + count; g++) {
      Series s = series(g);
      NumberDataPoint.Builder p = NumberDataPoint.newBuilder()
          .setStartTimeUnixNano(timestampNanos - 60_000_000_000L)
          .setTimeUnixNano(timestampNanos)
          .setAsDouble(value(g));
      s.labels().forEach((k, v) -> p.addAttributes(kv(k, v)));
      byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(p.build());
    }
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("bench"));
    for (Map.Entry<String, List<NumberDataPoint>> e : byName.entrySet()) {
      Metric.Builder m = Metric.newBuilder().setName(e.getKey()).setDescription("A benchmark metric");
      int index = Integer.parseInt(e.getKey().substring("bench_metric_".length()));
      if (gaugesOnly || index % 2 == 0) {
        m.setGauge(Gauge.newBuilder().addAllDataPoints(e.getValue()));
      } else {
        m.setSum(Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addAllDataPoints(e.getValue()));
      }
      scope.addMetrics(m);
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder()
            .setResource(resource(service, instance))
            .addScopeMetrics(scope))
        .build();
  }

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  static KeyValue kvInt(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }
}
