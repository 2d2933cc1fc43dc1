package io.otelcol4j.processor.relabel;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.prometheus.relabel.Action;
import io.otelcol4j.prometheus.relabel.RelabelConfig;
import io.otelcol4j.testing.ComponentConformanceTest;
import java.util.List;

class RelabelProcessorFactoryTest extends ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new RelabelProcessorFactory();
  }

  /** A rule that changes every point, so the lifecycle checks exercise the relabeling path. */
  @Override
  protected ComponentConfig testConfig() {
    return new RelabelProcessorConfig(List.of(RelabelConfig.defaults().withSourceLabels("seq")
        .withTargetLabel("sequence").withAction(Action.REPLACE)));
  }
}
