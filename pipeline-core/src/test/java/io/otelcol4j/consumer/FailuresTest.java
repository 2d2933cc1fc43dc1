package io.otelcol4j.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void classifiesByWalkingCauses() {
    assertThat(Failures.isPermanent(new PermanentConsumeException("x"))).isTrue();
    assertThat(Failures.isPermanent(new RuntimeException(new RuntimeException(new PermanentConsumeException("x")))))
        .isTrue();
    assertThat(Failures.isPermanent(new RetryableConsumeException("x"))).isFalse();
    assertThat(Failures.isPermanent(new IllegalStateException("x"))).isFalse();
  }

  @Test
  void retryAfterComesFromTheFirstRetryableThatHasOne() {
    Duration d = Duration.ofSeconds(3);
    assertThat(Failures.retryAfter(new RuntimeException(new RetryableConsumeException("x", d, null)))).isEqualTo(d);
    assertThat(Failures.retryAfter(new RetryableConsumeException("x"))).isNull();
    assertThat(Failures.retryAfter(new IllegalStateException())).isNull();
  }

  @Test
  void onlyFatalErrorsPropagate() {
    Failures.propagateIfFatal(new RuntimeException("fine"));
    Failures.propagateIfFatal(new AssertionError("fine too"));
    assertThatThrownBy(() -> Failures.propagateIfFatal(new OutOfMemoryError("oom"))).isInstanceOf(OutOfMemoryError.class);
    assertThatThrownBy(() -> Failures.propagateIfFatal(new NoClassDefFoundError("x")))
        .isInstanceOf(NoClassDefFoundError.class);
  }
}
