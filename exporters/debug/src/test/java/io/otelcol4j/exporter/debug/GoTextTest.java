package io.otelcol4j.exporter.debug;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import org.junit.jupiter.api.Test;

/** The Go formatting the collector's output depends on, checked against values Go prints. */
class GoTextTest {
  @Test
  void formatsTimestampsAsGoTimeString() {
    assertThat(GoText.timestamp(0)).isEqualTo("1970-01-01 00:00:00 +0000 UTC");
    assertThat(GoText.timestamp(1581452772000000321L)).isEqualTo("2020-02-11 20:26:12.000000321 +0000 UTC");
    assertThat(GoText.timestamp(1699481343509493770L)).isEqualTo("2023-11-08 22:09:03.50949377 +0000 UTC");
    assertThat(GoText.timestamp(1581452773000000000L)).isEqualTo("2020-02-11 20:26:13 +0000 UTC");
  }

  @Test
  void formatsFloatsAsGoVerbs() {
    assertThat(GoText.f(1.23)).isEqualTo("1.230000");
    assertThat(GoText.f(-0.707106781)).isEqualTo("-0.707107");
    assertThat(GoText.f(Double.NaN)).isEqualTo("NaN");
    assertThat(GoText.f(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoText.v(1.5)).isEqualTo("1.5");
    assertThat(GoText.v(15)).isEqualTo("15");
    assertThat(GoText.v(123456)).isEqualTo("123456");
    assertThat(GoText.v(1e6)).isEqualTo("1e+06");
    assertThat(GoText.v(1.2345678e7)).isEqualTo("1.2345678e+07");
    assertThat(GoText.v(0.0001)).isEqualTo("0.0001");
    assertThat(GoText.v(0.00001)).isEqualTo("1e-05");
    assertThat(GoText.v(0.99)).isEqualTo("0.99");
    assertThat(GoText.v(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoText.json(637.704)).isEqualTo("637.704");
    assertThat(GoText.json(1e20)).isEqualTo("100000000000000000000");
    assertThat(GoText.json(1e21)).isEqualTo("1e+21");
    assertThat(GoText.json(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(GoText.json(2)).isEqualTo("2");
  }

  @Test
  void rendersValuesAsPdataAsString() {
    AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
        .addValues(KeyValue.newBuilder().setKey("z").setValue(AnyValue.newBuilder().setStringValue("<a&b>")))
        .addValues(KeyValue.newBuilder().setKey("a").setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
            .addValues(AnyValue.newBuilder().setIntValue(1))
            .addValues(AnyValue.newBuilder().setDoubleValue(2.5))
            .addValues(AnyValue.newBuilder().setBoolValue(true))
            .addValues(AnyValue.getDefaultInstance())
            .addValues(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")))))))
        .build();
    assertThat(GoText.valueToString(map)).isEqualTo("Map({\"a\":[1,2.5,true,null,\"aGk=\"],\"z\":\"\\u003ca\\u0026b\\u003e\"})");
    assertThat(GoText.valueToString(AnyValue.newBuilder().setDoubleValue(3).build())).isEqualTo("Double(3)");
    assertThat(GoText.valueToString(AnyValue.getDefaultInstance())).isEqualTo("Empty()");
    assertThat(GoText.id(ByteString.copyFrom(new byte[8]))).isEmpty();
  }
}
