package io.otelcol4j.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentRegistryTest {
  private final Events events = new Events();

  @Test
  void findsFactoriesByTypeAndAlias() {
    FakeReceiverFactory r = new FakeReceiverFactory(events);
    ComponentRegistry reg = ComponentRegistry.of(r, new FakeExporterFactory(events));
    assertThat(reg.factory(Kind.RECEIVER, "fake_receiver")).isSameAs(r);
    assertThat(reg.factory(Kind.RECEIVER, "fakerecv")).isSameAs(r);
    assertThat(reg.factory(Kind.EXPORTER, "fake_receiver")).isNull();
    assertThat(reg.types(Kind.RECEIVER)).containsExactly("fake_receiver");
    assertThat(reg.entries()).extracting(e -> e.factory().type()).containsExactly("fake_receiver", "fake_exporter");
    assertThat(reg.entry(Kind.RECEIVER, "fakerecv").origin()).isEqualTo("programmatic");
  }

  @Test
  void theSameTypeInTwoKindsIsFine() {
    ComponentRegistry reg = ComponentRegistry.of(new FakeReceiverFactory(events, "otlp", Set.of(Signal.TRACES)),
        new FakeExporterFactory(events, "otlp", Set.of(Signal.TRACES)));
    assertThat(reg.types(Kind.RECEIVER)).containsExactly("otlp");
    assertThat(reg.types(Kind.EXPORTER)).containsExactly("otlp");
  }

  @Test
  void aDuplicateTypeNamesBothClassesAndOrigins() {
    ReceiverFactory<?> other = GenericFakeFactory.receiver("fake_receiver");
    assertThatThrownBy(() -> ComponentRegistry.of(List.of(
        new ComponentRegistry.Entry(new FakeReceiverFactory(events), "/plugins/a.jar"),
        new ComponentRegistry.Entry(other, "/plugins/b.jar"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("duplicate receiver factory \"fake_receiver\": " + FakeReceiverFactory.class.getName()
            + " (/plugins/a.jar) and " + other.getClass().getName() + " (/plugins/b.jar)");
  }

  @Test
  void anAliasClashingWithATypeIsADuplicate() {
    ReceiverFactory<?> other = GenericFakeFactory.receiver("fakerecv");
    assertThatThrownBy(() -> ComponentRegistry.of(new FakeReceiverFactory(events), other))
        .hasMessage("duplicate receiver factory \"fakerecv\": " + FakeReceiverFactory.class.getName()
            + " (programmatic) and " + other.getClass().getName() + " (programmatic)");
  }

  @Test
  void typesAndAliasesMustBeLowerSnakeCase() {
    ReceiverFactory<?> upper = GenericFakeFactory.receiver("FakeReceiver");
    ReceiverFactory<?> badAlias = GenericFakeFactory.receiver("good", "bad-alias");
    assertThatThrownBy(() -> ComponentRegistry.of(upper, badAlias))
        .hasMessage("factory " + upper.getClass().getName() + " (programmatic) has invalid type \"FakeReceiver\" "
            + "(expected: lower_snake_case)\n"
            + "factory " + badAlias.getClass().getName() + " (programmatic) has invalid alias \"bad-alias\" "
            + "(expected: lower_snake_case)");
  }

  @Test
  void unknownTypeListsTheKnownOnesAndNamesTheArtifactOfAKnownOtelcol4jType() {
    ComponentRegistry reg = ComponentRegistry.of(new FakeExporterFactory(events), new FakeExtensionFactory(events));
    assertThat(reg.unknownTypeMessage(Kind.EXPORTER, "nope"))
        .isEqualTo("unknown type \"nope\" (expected one of: fake_exporter)");
    assertThat(reg.unknownTypeMessage(Kind.EXPORTER, "file"))
        .isEqualTo("unknown type \"file\" (expected one of: fake_exporter); it is provided by io.otelcol4j:exporter-file,"
            + " which is not on the classpath or in the plugins folder");
    assertThat(reg.unknownTypeMessage(Kind.EXTENSION, "file_storage")).endsWith(
        "; it is provided by io.otelcol4j:extension-filestorage, which is not on the classpath or in the plugins folder");
    assertThat(reg.unknownTypeMessage(Kind.RECEIVER, "file"))
        .isEqualTo("unknown type \"file\" (expected one of: none are installed)");
  }

  @Test
  void unsupportedSignalMessageListsSignalsByNameInAlphabeticalOrder() {
    FakeReceiverFactory r = new FakeReceiverFactory(events);
    assertThatThrownBy(() -> r.createLogs(ComponentSettings.standalone(Kind.RECEIVER, ComponentId.of("fake_receiver")),
        r.createDefaultConfig(), (c, b) -> {}))
        .isInstanceOf(UnsupportedSignalException.class)
        .hasMessage("receiver \"fake_receiver\" does not support signal logs (supports: metrics, traces)");
    assertThat(UnsupportedSignalException.message(Kind.EXPORTER, "x", Signal.TRACES,
        Set.of(Signal.TRACES, Signal.METRICS, Signal.LOGS).stream().filter(s -> s != Signal.TRACES)
            .collect(java.util.stream.Collectors.toSet())))
        .isEqualTo("exporter \"x\" does not support signal traces (supports: logs, metrics)");
    assertThat(UnsupportedSignalException.message(Kind.PROCESSOR, "x", Signal.LOGS, Set.of()))
        .isEqualTo("processor \"x\" does not support signal logs (supports: none)");
  }

  @Test
  void defaultConfigComesFromAnEmptyNode() {
    assertThat(new FakeExporterFactory(events).createDefaultConfig())
        .isEqualTo(new FakeExporterFactory.Config(FakeExporterFactory.Config.DEFAULT_TIMEOUT,
            FakeExporterFactory.Config.DEFAULT_SIZE, false));
  }

  @Test
  void sharedComponentsHandOutOneInstancePerIdUntilRemoved() {
    SharedComponents<Object> shared = new SharedComponents<>();
    ComponentId id = ComponentId.of("otlp");
    Object first = shared.getOrCreate(id, Object::new);
    assertThat(shared.getOrCreate(id, Object::new)).isSameAs(first);
    assertThat(shared.getOrCreate(ComponentId.of("otlp", "2"), Object::new)).isNotSameAs(first);
    shared.remove(id, new Object()); // not the instance: kept
    assertThat(shared.getOrCreate(id, Object::new)).isSameAs(first);
    shared.remove(id, first);
    assertThat(shared.getOrCreate(id, Object::new)).isNotSameAs(first);
  }
}
