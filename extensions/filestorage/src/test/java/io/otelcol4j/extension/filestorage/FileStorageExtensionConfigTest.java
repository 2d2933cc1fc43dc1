package io.otelcol4j.extension.filestorage;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelcol4j.config.ConfigNode;
import io.otelcol4j.config.ConfigProblem;
import io.otelcol4j.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileStorageExtensionConfigTest {
  private final FileStorageExtensionFactory factory = new FileStorageExtensionFactory();

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void emptyConfigIsTheDefault() {
    FileStorageExtensionConfig config = factory.createDefaultConfig();

    assertThat(config).isEqualTo(new FileStorageExtensionConfig(
        Path.of("/var/lib/otelcol/file_storage"), Duration.ofSeconds(1), false, false, "0750"));
    assertThat(config).isEqualTo(FileStorageExtensionConfig.defaults());
  }

  @Test
  void configYamlBindsToExpectedRecords() throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode root = ConfigNode.fromYaml(read("config.yaml"), "config.yaml", "extensions", problems);

    var configs = root.entries();
    FileStorageExtensionConfig plain = factory.parseConfig(configs.get("file_storage"));
    FileStorageExtensionConfig all = factory.parseConfig(configs.get("file_storage/all_settings"));
    FileStorageExtensionConfig relative = factory.parseConfig(configs.get("file_storage/relative"));
    root.reportUnknownKeys();

    assertThat(problems.errors()).isEmpty();
    assertThat(plain).isEqualTo(FileStorageExtensionConfig.defaults());
    assertThat(all).isEqualTo(new FileStorageExtensionConfig(
        Path.of("/var/lib/otelcol/mydir"), Duration.ofSeconds(2), true, true, "0700"));
    assertThat(relative).isEqualTo(new FileStorageExtensionConfig(
        Path.of("./data"), Duration.ZERO, false, false, "0750"));
  }

  static Stream<Arguments.ArgumentSet> invalidConfigs() {
    return Stream.of(
        invalid("file_storage/empty_directory",
            "extensions.file_storage/empty_directory.directory: \"\" (expected: a directory path,"
                + " e.g. /var/lib/otelcol/file_storage) [invalid_configs.yaml:3]"),
        invalid("file_storage/negative_timeout",
            "extensions.file_storage/negative_timeout.timeout: \"-1s\" (expected: a non-negative duration, e.g. 5s)"
                + " [invalid_configs.yaml:5]"),
        invalid("file_storage/fsync_not_a_bool",
            "extensions.file_storage/fsync_not_a_bool.fsync: \"sometimes\" (expected: true or false)"
                + " [invalid_configs.yaml:7]"),
        invalid("file_storage/permissions_not_octal",
            "extensions.file_storage/permissions_not_octal.directory_permissions: \"0790\""
                + " (expected: octal permissions, e.g. 0750) [invalid_configs.yaml:9]"),
        invalid("file_storage/permissions_symbolic",
            "extensions.file_storage/permissions_symbolic.directory_permissions: \"rwxr-x---\""
                + " (expected: octal permissions, e.g. 0750) [invalid_configs.yaml:11]"),
        invalid("file_storage/compaction_unsupported",
            "extensions.file_storage/compaction_unsupported.compaction: unknown key (expected one of:"
                + " create_directory, directory, directory_permissions, fsync, timeout) [invalid_configs.yaml:14]"),
        invalid("file_storage/misspelt_key",
            "extensions.file_storage/misspelt_key.create_directories: unknown key; did you mean"
                + " \"create_directory\"? (expected one of: create_directory, directory, directory_permissions,"
                + " fsync, timeout) [invalid_configs.yaml:16]"));
  }

  /** A case named after its section, passing the section and the expected message. */
  private static Arguments.ArgumentSet invalid(String section, String expected) {
    return Arguments.argumentSet(section, section, expected);
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidConfigIsReportedWithPath(String section, String expected) throws IOException {
    assertThat(problems(section)).containsExactly(expected);
  }

  @Test
  void everyInvalidSectionIsTested() throws IOException {
    ConfigNode root = ConfigNode.fromYaml(read("invalid_configs.yaml"), "invalid_configs.yaml", "extensions",
        new ConfigProblems());
    assertThat(root.keys()).containsExactlyInAnyOrderElementsOf(
        invalidConfigs().map(Arguments.ArgumentSet::getName).toList());
  }

  @Test
  void octalPermissionsMapToPosix() {
    assertThat(FileStorageExtensionConfig.of(Path.of("x")).posixPermissions())
        .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    FileStorageExtensionConfig c = new FileStorageExtensionConfig(Path.of("x"), Duration.ZERO, false, true, "644");
    assertThat(c.posixPermissions()).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
  }

  private List<String> problems(String section) throws IOException {
    ConfigProblems problems = new ConfigProblems();
    ConfigNode root = ConfigNode.fromYaml(read("invalid_configs.yaml"), "invalid_configs.yaml", "extensions", problems);
    ConfigNode node = root.entries().get(section);
    assertThat(node).as(section).isNotNull();
    factory.parseConfig(node);
    node.reportUnknownKeys();
    return problems.errors().stream().map(ConfigProblem::toString).toList();
  }

  private static String read(String name) throws IOException {
    try (InputStream in = FileStorageExtensionConfigTest.class.getResourceAsStream("/testdata/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
