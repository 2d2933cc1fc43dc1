package io.otelcol4j.prometheus.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelabelerTest {
  private static final RelabelConfig BASE = RelabelConfig.defaults();

  @Test
  void hashmodAndKeepSplitTargetsIntoDisjointShards() {
    int shards = 4;
    List<Set<String>> members = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      Relabeler shardRules = Relabeler.of(List.of(
          BASE.withSourceLabels("__address__").withTargetLabel("__tmp_hash").withModulus(shards)
              .withAction(Action.HASHMOD),
          BASE.withSourceLabels("__tmp_hash").withRegex(Integer.toString(shard)).withAction(Action.KEEP)));
      Set<String> kept = new HashSet<>();
      LabelsBuilder labels = new LabelsBuilder();
      for (int target = 0; target < 1000; target++) {
        String address = "10.0." + (target / 256) + "." + (target % 256) + ":9100";
        labels.reset().set("__address__", address).set("job", "node");
        if (shardRules.process(labels)) {
          assertThat(labels.get("__tmp_hash")).isEqualTo(Integer.toString(shard));
          kept.add(address);
        }
      }
      members.add(kept);
    }
    Set<String> all = new HashSet<>();
    int total = 0;
    for (Set<String> shard : members) {
      assertThat(shard).as("every shard gets some of 1000 targets").isNotEmpty();
      all.addAll(shard);
      total += shard.size();
    }
    assertThat(total).as("disjoint").isEqualTo(1000);
    assertThat(all).as("covering").hasSize(1000);
  }

  @Test
  void emptyRelabelerKeepsEverythingUnchanged() {
    Relabeler r = Relabeler.of(List.of());
    LabelsBuilder labels = LabelsBuilder.of(Map.of("a", "1"));

    assertThat(r.isEmpty()).isTrue();
    assertThat(r.process(labels)).isTrue();
    assertThat(labels.changed()).isFalse();
    assertThat(labels.toMap()).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void changedTellsWhetherRulesChangedAnything() {
    LabelsBuilder labels = LabelsBuilder.of(Map.of("a", "1", "b", "2"));
    Relabeler noChange = Relabeler.of(List.of(BASE.withSourceLabels("a").withTargetLabel("a")));
    Relabeler change = Relabeler.of(List.of(BASE.withSourceLabels("a").withTargetLabel("c")));

    assertThat(noChange.process(labels)).isTrue();
    assertThat(labels.changed()).isFalse();
    assertThat(change.process(labels)).isTrue();
    assertThat(labels.changed()).isTrue();
    assertThat(labels.toMap()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "1"));
  }

  @Test
  void everyActionThroughTheApi() {
    LabelsBuilder labels = LabelsBuilder.of(Map.of("__name__", "http_requests_total", "Path", "/API",
        "__meta_pod", "web-1"));
    Relabeler r = Relabeler.of(List.of(
        BASE.withRegex("__meta_(.+)").withReplacement("k8s_$1").withAction(Action.LABELMAP),
        BASE.withSourceLabels("Path").withTargetLabel("path").withAction(Action.LOWERCASE),
        BASE.withSourceLabels("path").withTargetLabel("PATH").withAction(Action.UPPERCASE),
        BASE.withRegex("Path|PATH").withAction(Action.LABELDROP),
        BASE.withSourceLabels("k8s_pod").withTargetLabel("__tmp_shard").withModulus(2).withAction(Action.HASHMOD),
        BASE.withSourceLabels("__name__").withRegex("(.+)_total").withTargetLabel("__name__").withReplacement("$1"),
        BASE.withSourceLabels("k8s_pod").withTargetLabel("k8s_pod").withAction(Action.KEEPEQUAL),
        BASE.withSourceLabels("path").withTargetLabel("k8s_pod").withAction(Action.DROPEQUAL),
        BASE.withSourceLabels("__name__").withRegex("http_.*").withAction(Action.KEEP),
        BASE.withSourceLabels("path").withRegex("/health").withAction(Action.DROP),
        BASE.withRegex("__.*|path|k8s_pod").withAction(Action.LABELKEEP)));

    assertThat(r.process(labels)).isTrue();
    assertThat(labels.toMap()).containsExactly(Map.entry("__meta_pod", "web-1"), Map.entry("__name__", "http_requests"),
        Map.entry("__tmp_shard", labels.get("__tmp_shard")), Map.entry("k8s_pod", "web-1"), Map.entry("path", "/api"));
    assertThat(labels.get("__tmp_shard")).isIn("0", "1");
  }

  @Test
  void labelsSortByCodePointAsPrometheus() {
    LabelsBuilder labels = new LabelsBuilder().set("\uFF21", "fullwidth A").set("\uD83D\uDE00", "emoji").set("a", "x");

    assertThat(labels.name(0)).isEqualTo("a");
    assertThat(labels.name(1)).isEqualTo("\uFF21");
    assertThat(labels.name(2)).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void settingAnEmptyValueRemovesTheLabel() {
    LabelsBuilder labels = new LabelsBuilder().set("a", "1").set("b", "");

    assertThat(labels.size()).isEqualTo(1);
    assertThat(labels.has("b")).isFalse();
    assertThat(labels.get("b")).isEmpty();
    labels.set("a", "");
    assertThat(labels.size()).isZero();
  }

  @Test
  void builderGrowsBeyondItsInitialCapacity() {
    LabelsBuilder labels = new LabelsBuilder();
    for (int i = 0; i < 100; i++) {
      labels.set("l" + (1000 + i), Integer.toString(i));
    }
    Relabeler r = Relabeler.of(List.of(BASE.withRegex("l(1.)(.*)").withReplacement("m$2").withAction(Action.LABELMAP)));

    assertThat(r.process(labels)).isTrue();
    assertThat(labels.size()).isEqualTo(200);
    assertThat(labels.get("m99")).isEqualTo("99");
  }
}
