package io.otelcol4j.exporter.file;

import io.otelcol4j.component.ComponentConfig;
import io.otelcol4j.component.ComponentFactory;
import io.otelcol4j.testing.ComponentConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileExporterFactoryTest extends ComponentConformanceTest {
  @TempDir Path dir;

  @Override
  protected ComponentFactory<?> factory() {
    return new FileExporterFactory();
  }

  @Override
  protected java.util.List<String> emptyConfigProblems() {
    return java.util.List.of("exporters.file.path: path must be non-empty [empty.yaml:1]");
  }

  @Override
  protected ComponentConfig testConfig() {
    return FileExporterConfig.of(dir.resolve("out.json").toString());
  }
}
