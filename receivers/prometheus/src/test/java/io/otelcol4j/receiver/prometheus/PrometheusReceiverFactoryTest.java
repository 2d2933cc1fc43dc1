package io.otelcol4j.receiver.prometheus;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblems;
import java.net.ServerSocket;

class PrometheusReceiverFactoryTest extends io.otelcol4j.testing.ComponentConformanceTest {
  @Override
  protected ComponentFactory<?> factory() {
    return new PrometheusReceiverFactory();
  }

  @Override
  protected ComponentConfig testConfig() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();   // closed again: nothing listens there, every scrape fails (up = 0)
    }
    String yaml = "config: {scrape_configs: [{job_name: nothing, scrape_interval: 100ms, scrape_timeout: 100ms,"
        + " static_configs: [{targets: ['127.0.0.1:" + port + "']}]}]}";
    return new PrometheusReceiverFactory().parseConfig(
        ConfigNode.fromYaml(yaml, "test.yaml", "receivers.prometheus", new ConfigProblems()));
  }
}
