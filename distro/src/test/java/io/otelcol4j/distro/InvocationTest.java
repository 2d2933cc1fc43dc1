package io.otelcol4j.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelcol4j.distro.Invocation.Command;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationTest {
  @Test
  void runIsTheDefaultCommand() throws Exception {
    Invocation inv = Invocation.parse();
    assertThat(inv).isEqualTo(new Invocation(Command.RUN, List.of(), List.of(), null));
  }

  @Test
  void configAndSetAreRepeatableAndKeepTheirOrderInBothSpellings() throws Exception {
    Invocation inv = Invocation.parse("--config", "a.yaml", "--config=b.yaml", "--set", "x.y=1",
        "--set=processors.batch.timeout=2s", "--plugins=plug");
    assertThat(inv.command()).isEqualTo(Command.RUN);
    assertThat(inv.configs()).containsExactly(Path.of("a.yaml"), Path.of("b.yaml"));
    assertThat(inv.sets()).containsExactly("x.y=1", "processors.batch.timeout=2s");
    assertThat(inv.plugins()).isEqualTo(Path.of("plug"));
  }

  @Test
  void subcommandMayComeBeforeOrAfterFlags() throws Exception {
    assertThat(Invocation.parse("validate", "--config", "a.yaml").command()).isEqualTo(Command.VALIDATE);
    assertThat(Invocation.parse("--config", "a.yaml", "validate").command()).isEqualTo(Command.VALIDATE);
    assertThat(Invocation.parse("run", "--config", "a.yaml").configs()).containsExactly(Path.of("a.yaml"));
    assertThat(Invocation.parse("components", "--plugins", "p").plugins()).isEqualTo(Path.of("p"));
  }

  @Test
  void versionAndHelpSpellings() throws Exception {
    assertThat(Invocation.parse("--version").command()).isEqualTo(Command.VERSION);
    assertThat(Invocation.parse("version").command()).isEqualTo(Command.VERSION);
    assertThat(Invocation.parse("-v").command()).isEqualTo(Command.VERSION);
    assertThat(Invocation.parse("--help").command()).isEqualTo(Command.HELP);
    assertThat(Invocation.parse("help").command()).isEqualTo(Command.HELP);
  }

  @Test
  void usageErrors() {
    assertThatThrownBy(() -> Invocation.parse("--bogus")).isInstanceOf(UsageException.class)
        .hasMessage("unknown flag: --bogus");
    assertThatThrownBy(() -> Invocation.parse("--bogus=1")).hasMessage("unknown flag: --bogus");
    assertThatThrownBy(() -> Invocation.parse("-c", "x")).hasMessage("unknown flag: -c");
    assertThatThrownBy(() -> Invocation.parse("--config")).hasMessage("flag needs a value: --config");
    assertThatThrownBy(() -> Invocation.parse("--config=")).hasMessage("flag needs a non-empty value: --config");
    assertThatThrownBy(() -> Invocation.parse("start"))
        .hasMessage("unknown command \"start\" (expected one of: run, validate, components, version, help)");
    assertThatThrownBy(() -> Invocation.parse("validate", "components"))
        .hasMessage("more than one command: validate and components");
    assertThatThrownBy(() -> Invocation.parse("components", "--config", "a.yaml"))
        .hasMessage("flag --config is not valid for components");
    assertThatThrownBy(() -> Invocation.parse("--version", "--set", "a=b"))
        .hasMessage("flag --set is not valid for version");
    assertThatThrownBy(() -> Invocation.parse("--plugins", "a", "--plugins", "b"))
        .hasMessage("flag given twice: --plugins");
  }
}
