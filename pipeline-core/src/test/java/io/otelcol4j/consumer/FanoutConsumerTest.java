package io.otelcol4j.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanoutConsumerTest {
  private final List<String> calls = new ArrayList<>();
  private final TracesBatch batch = Batches.traces(1, 2);

  private Consumer<TracesBatch> ok(String name) {
    return (c, b) -> calls.add(name);
  }

  private Consumer<TracesBatch> failing(String name, RuntimeException e) {
    return (c, b) -> {
      calls.add(name);
      throw e;
    };
  }

  @Test
  void aSingleBranchIsUsedDirectly() {
    Consumer<TracesBatch> only = ok("a");
    assertThat(FanoutConsumer.of(List.of(only))).isSameAs(only);
  }

  @Test
  void everyBranchGetsTheSameInstance() {
    List<Object> seen = new ArrayList<>();
    FanoutConsumer.<TracesBatch>of(List.of((c, b) -> seen.add(b), (c, b) -> seen.add(b))).consume(Context.EMPTY, batch);
    assertThat(seen).hasSize(2).allSatisfy(b -> assertThat(b).isSameAs(batch));
  }

  @Test
  void oneFailureIsRethrownAsIsAfterEveryBranchWasCalled() {
    RuntimeException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> FanoutConsumer.of(List.of(ok("a"), failing("b", boom), ok("c")))
        .consume(Context.EMPTY, batch)).isSameAs(boom);
    assertThat(calls).containsExactly("a", "b", "c");
  }

  @Test
  void allPermanentFailuresArePermanent() {
    PermanentConsumeException first = new PermanentConsumeException("bad span");
    RuntimeException wrapped = new RuntimeException("wrapped", new PermanentConsumeException("bad attr"));
    assertThatThrownBy(() -> FanoutConsumer.of(List.of(failing("a", first), ok("b"), failing("c", wrapped)))
        .consume(Context.EMPTY, batch))
        .isInstanceOf(PermanentConsumeException.class)
        .hasMessage("2 of 3 branches failed: bad span")
        .hasCause(first)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(wrapped));
    assertThat(calls).containsExactly("a", "b", "c");
  }

  @Test
  void aMixOfFailuresIsRetryableWithTheLongestRetryDelay() {
    PermanentConsumeException permanent = new PermanentConsumeException("bad");
    RetryableConsumeException shortWait = new RetryableConsumeException("throttled", Duration.ofSeconds(1), null);
    RetryableConsumeException longWait = new RetryableConsumeException("throttled more", Duration.ofSeconds(7), null);
    RuntimeException plain = new IllegalStateException("connection reset");
    assertThatThrownBy(() -> FanoutConsumer.of(List.of(failing("a", permanent), failing("b", shortWait),
        failing("c", longWait), failing("d", plain))).consume(Context.EMPTY, batch))
        .isInstanceOfSatisfying(RetryableConsumeException.class, e -> {
          assertThat(e).hasMessage("4 of 4 branches failed: bad");
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
          assertThat(Failures.isPermanent(e)).as("walks causes: the first cause is permanent").isTrue();
          assertThat(e.getSuppressed()).containsExactly(shortWait, longWait, plain);
        });
  }

  @Test
  void retryableWithoutDelaysHasNone() {
    assertThatThrownBy(() -> FanoutConsumer.of(List.of(failing("a", new IllegalStateException("x")),
        failing("b", new RetryableConsumeException("full")))).consume(Context.EMPTY, batch))
        .isInstanceOfSatisfying(RetryableConsumeException.class, e -> assertThat(e.retryAfter()).isNull());
  }
}
