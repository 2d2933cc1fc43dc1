package io.otelcol4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.otelcol4j.component.Component;
import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.component.ComponentId;
import io.otelcol4j.component.ExporterFactory;
import io.otelcol4j.component.ExtensionFactory;
import io.otelcol4j.component.Host;
import io.otelcol4j.component.Kind;
import io.otelcol4j.component.ProcessorFactory;
import io.otelcol4j.component.ReceiverFactory;
import io.otelcol4j.component.Signal;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import io.otelcol4j.consumer.Batch;
import io.otelcol4j.consumer.Consumer;
import io.otelcol4j.consumer.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The component conformance kit: every {@code *FactoryTest} extends this and gets the checks the
 * collector generates for each component. Override {@link #testConfig()} when the default config
 * cannot run in a test (e.g. it binds a fixed port) and {@link #host()} to provide extensions.
 */
public abstract class ComponentConformanceTest {
  private static final Pattern SNAKE = Pattern.compile("^[a-z][a-z0-9_]*$");

  /** The factory under test. */
  protected abstract ComponentFactory<?> factory();

  /** The config used for lifecycle checks; the default config unless overridden. */
  protected ComponentConfig testConfig() throws Exception {
    return factory().createDefaultConfig();
  }

  /**
   * The problems an empty config reports, rendered, for components with required keys (the
   * file exporter's {@code path}): as in the collector, the default config binds, and validation
   * names what is missing. Empty by default.
   */
  protected List<String> emptyConfigProblems() {
    return List.of();
  }

  /** The host components are started with. */
  protected Host host() throws Exception {
    return new NopHost();
  }

  @Test
  void typeIsLowerSnakeCase() {
    assertThat(factory().type()).matches(SNAKE);
    for (String alias : factory().aliases()) {
      assertThat(alias).matches(SNAKE);
    }
  }

  @Test
  void readmeDocumentsTheType() throws Exception {
    Path readme = Path.of("README.md");
    assertThat(readme).as("component README.md in the module folder").exists();
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertThat(text).contains("`" + factory().type() + "`");
  }

  @Test
  void factoryIsRegisteredWithServiceLoader() {
    Class<?> spi = spiOf(factory().kind());
    List<String> found = new ArrayList<>();
    for (Object f : ServiceLoader.load(spi)) {
      found.add(f.getClass().getName());
    }
    assertThat(found).contains(factory().getClass().getName());
  }

  @Test
  void defaultConfigIsFreshAndEqualToEmptyYaml() {
    ComponentConfig a = factory().createDefaultConfig();
    ComponentConfig b = factory().createDefaultConfig();
    assertThat(a).isNotNull().isEqualTo(b).isInstanceOf(factory().configClass());
    ConfigProblems problems = new ConfigProblems();
    ConfigNode empty = ConfigNode.fromYaml("{}", "empty.yaml", factory().kind().section() + "." + factory().type(), problems);
    ComponentConfig fromYaml = factory().parseConfig(empty);
    empty.reportUnknownKeys();
    assertThat(problems.errors()).extracting(Object::toString).containsExactlyElementsOf(emptyConfigProblems());
    assertThat(fromYaml).isEqualTo(a);
  }

  @Test
  void declaresStabilityForEverySignal() {
    if (factory() instanceof ExtensionFactory) {
      assertThat(((ExtensionFactory<?>) factory()).stability()).isNotNull();
    } else {
      assertThat(factory().signals()).isNotEmpty();
    }
  }

  @TestFactory
  List<DynamicTest> lifecycle() {
    List<DynamicTest> tests = new ArrayList<>();
    if (factory() instanceof ExtensionFactory) {
      tests.add(DynamicTest.dynamicTest("extension: shutdown without start", () -> create(null, null).shutdown(Duration.ofSeconds(5))));
      tests.add(DynamicTest.dynamicTest("extension: start, shutdown twice", () -> {
        Component c = create(null, null);
        c.start(host());
        c.shutdown(Duration.ofSeconds(5));
        c.shutdown(Duration.ofSeconds(5));
      }));
      return tests;
    }
    for (Signal s : factory().signals().keySet()) {
      tests.add(DynamicTest.dynamicTest(s.configName() + ": shutdown without start", () -> {
        create(s, new SinkConsumer()).shutdown(Duration.ofSeconds(5));
      }));
      tests.add(DynamicTest.dynamicTest(s.configName() + ": start, consume, shutdown twice", () -> {
        SinkConsumer sink = new SinkConsumer();
        Component c = create(s, sink);
        c.start(host());
        if (c instanceof Consumer) {
          consumeSample(c, s);
        }
        c.shutdown(Duration.ofSeconds(10));
        assertThatCode(() -> c.shutdown(Duration.ofSeconds(5))).doesNotThrowAnyException();
      }));
    }
    return tests;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void consumeSample(Component c, Signal s) {
    Batch<?> sample = TestData.of(s, 0, 3);
    ((Consumer) c).consume(Context.EMPTY, (Batch) sample);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Component create(Signal s, SinkConsumer sink) throws Exception {
    ComponentFactory f = factory();
    ComponentConfig cfg = testConfig();
    var settings = TestSettings.of(f.kind(), ComponentId.of(f.type()), io.otelcol4j.telemetry.Logger.noop());
    if (f instanceof ExtensionFactory) {
      return ((ExtensionFactory) f).create(settings, cfg);
    }
    if (f instanceof ReceiverFactory) {
      ReceiverFactory r = (ReceiverFactory) f;
      switch (s) {
        case TRACES:
          return r.createTraces(settings, cfg, sink.traces());
        case METRICS:
          return r.createMetrics(settings, cfg, sink.metrics());
        default:
          return r.createLogs(settings, cfg, sink.logs());
      }
    }
    if (f instanceof ProcessorFactory) {
      ProcessorFactory p = (ProcessorFactory) f;
      switch (s) {
        case TRACES:
          return p.createTraces(settings, cfg, sink.traces());
        case METRICS:
          return p.createMetrics(settings, cfg, sink.metrics());
        default:
          return p.createLogs(settings, cfg, sink.logs());
      }
    }
    ExporterFactory e = (ExporterFactory) f;
    switch (s) {
      case TRACES:
        return e.createTraces(settings, cfg);
      case METRICS:
        return e.createMetrics(settings, cfg);
      default:
        return e.createLogs(settings, cfg);
    }
  }

  private static Class<?> spiOf(Kind kind) {
    switch (kind) {
      case RECEIVER:
        return ReceiverFactory.class;
      case PROCESSOR:
        return ProcessorFactory.class;
      case EXPORTER:
        return ExporterFactory.class;
      default:
        return ExtensionFactory.class;
    }
  }
}
