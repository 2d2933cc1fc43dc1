package io.otelcol4j.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextTest {
  @Test
  void metadataKeysAreLowerCasedAndLookedUpInAnyCase() {
    Context c = new Context(null, Map.of("X-Tenant", List.of("acme"), "Authorization", List.of("Bearer t")), null);
    assertThat(c.metadata()).containsOnlyKeys("x-tenant", "authorization");
    assertThat(c.metadata("x-tenant")).containsExactly("acme");
    assertThat(c.metadata("X-TENANT")).containsExactly("acme");
    assertThat(c.metadata("missing")).isEmpty();
  }

  @Test
  void keysDifferingOnlyInCaseKeepEveryValue() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("X-Tenant", List.of("a"));
    m.put("x-tenant", List.of("b", "c"));
    assertThat(new Context(null, m, null).metadata("x-tenant")).containsExactly("a", "b", "c");
  }

  @Test
  void isImmutable() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("k", new java.util.ArrayList<>(List.of("v")));
    Context c = new Context(null, m, null);
    m.get("k").add("later");
    m.put("k2", List.of());
    assertThat(c.metadata()).containsExactly(Map.entry("k", List.of("v")));
  }

  @Test
  void peerAddress() {
    assertThat(Context.EMPTY.peerAddress()).isNull();
    assertThat(Context.ofPeer(new InetSocketAddress("127.0.0.1", 4317)).peerAddress()).isEqualTo("127.0.0.1");
    assertThat(Context.ofPeer(InetSocketAddress.createUnresolved("collector.local", 4317)).peerAddress())
        .isEqualTo("collector.local");
  }
}
