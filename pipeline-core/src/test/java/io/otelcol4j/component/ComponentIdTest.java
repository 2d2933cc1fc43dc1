package io.otelcol4j.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ComponentIdTest {
  @Test
  void parsesTypeAndName() {
    assertThat(ComponentId.parse("otlp")).isEqualTo(ComponentId.of("otlp"));
    assertThat(ComponentId.parse("otlp/backend")).isEqualTo(ComponentId.of("otlp", "backend"));
    assertThat(ComponentId.parse("batch/a.b-c:d/e_f")).isEqualTo(ComponentId.of("batch", "a.b-c:d/e_f"));
    assertThat(ComponentId.parse("otlp/ünïcode1")).isEqualTo(ComponentId.of("otlp", "ünïcode1"));
    assertThat(ComponentId.parse("otlp/backend").toString()).isEqualTo("otlp/backend");
    assertThat(ComponentId.of("otlp").toString()).isEqualTo("otlp");
    assertThat(ComponentId.parse("otlp/x").withType("otlp_grpc")).isEqualTo(ComponentId.of("otlp_grpc", "x"));
  }

  @Test
  void ordersByText() {
    assertThat(Stream.of("otlp/b", "batch", "otlp", "otlp/a").map(ComponentId::parse).sorted().map(Object::toString))
        .containsExactly("batch", "otlp", "otlp/a", "otlp/b");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        argumentSet("empty", "", "the part before / should not be empty in id \"\" (expected: type[/name])"),
        argumentSet("empty type", "/x", "the part before / should not be empty in id \"/x\" (expected: type[/name])"),
        argumentSet("empty name", "otlp/", "the part after / should not be empty in id \"otlp/\" (expected: type/name)"),
        argumentSet("dash in type", "my-type", "invalid character(s) in type \"my-type\" (expected: a letter followed "
            + "by letters, digits or _)"),
        argumentSet("digit first", "1otlp", "invalid character(s) in type \"1otlp\" (expected: a letter followed by "
            + "letters, digits or _)"),
        argumentSet("type too long", "a".repeat(64), "invalid character(s) in type \"" + "a".repeat(64)
            + "\" (expected: a letter followed by letters, digits or _)"),
        argumentSet("space in name", "otlp/a b", "invalid character(s) in name \"a b\" (expected: letters, digits "
            + "and _ . - / :)"),
        argumentSet("name starts with punctuation", "otlp/-x", "invalid character(s) in name \"-x\" (expected: "
            + "letters, digits and _ . - / :)"),
        argumentSet("name too long", "otlp/" + "n".repeat(1025), "name in id \"otlp/…\" is 1025 characters (expected: "
            + "at most 1024)"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void parseFailures(String text, String message) {
    assertThatThrownBy(() -> ComponentId.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void aNameOfExactlyTheLimitIsAccepted() {
    assertThat(ComponentId.parse("otlp/" + "n".repeat(1024)).name()).hasSize(1024);
  }
}
