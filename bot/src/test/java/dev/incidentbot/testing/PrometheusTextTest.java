package dev.incidentbot.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PrometheusText: reads the exposition format strictly, so a scrape test proves it")
class PrometheusTextTest {
  private static final String GOOD =
      """
      # HELP bot_commands_total Commands run
      # TYPE bot_commands_total counter
      bot_commands_total{automated="false",command="redis health",outcome="ok"} 2.0
      bot_commands_total{command="say \\"hi\\"\\\\n",outcome="ok"} 1
      # HELP t_seconds Latency
      # TYPE t_seconds histogram
      t_seconds_bucket{le="0.5"} 1
      t_seconds_bucket{le="+Inf"} 1
      t_seconds_count 1
      t_seconds_sum 0.25
      # HELP up Whether it is up
      # TYPE up gauge
      up NaN 1700000000000
      """;

  @Test
  @DisplayName("values by name and labels, in any label order, escapes undone")
  void reads() {
    var text = PrometheusText.parse(GOOD);

    assertThat(text.families()).containsExactly("bot_commands_total", "t_seconds", "up");
    assertThat(text.type("t_seconds")).hasValue("histogram");
    assertThat(text.help("up")).hasValue("Whether it is up");
    assertThat(
            text.value(
                "bot_commands_total",
                "outcome",
                "ok",
                "command",
                "redis health",
                "automated",
                "false"))
        .isEqualTo(2);
    assertThat(text.value("bot_commands_total", "command", "say \"hi\"\\n", "outcome", "ok"))
        .isEqualTo(1);
    assertThat(text.value("t_seconds_bucket", "le", "+Inf")).isEqualTo(1);
    assertThat(text.value("up")).isNaN();
    assertThat(text.samples("bot_commands_total", "outcome", "ok")).hasSize(2);
  }

  @Test
  @DisplayName("refuses samples without HELP/TYPE, bad labels, bad values and stray lines")
  void refuses() {
    assertThatThrownBy(() -> PrometheusText.parse("x 1\n"))
        .hasMessageContaining("line 1: a sample without TYPE and HELP");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx 1\n"))
        .hasMessageContaining("without TYPE and HELP");
    String head = "# HELP x X\n# TYPE x gauge\n";
    assertThatThrownBy(() -> PrometheusText.parse(head + "x{a=b} 1\n"))
        .hasMessageContaining("line 3: ");
    assertThatThrownBy(() -> PrometheusText.parse(head + "x{a=\"b\"c=\"d\"} 1\n"))
        .hasMessageContaining("bad labels");
    assertThatThrownBy(() -> PrometheusText.parse(head + "x{a=\"b\",a=\"c\"} 1\n"))
        .hasMessageContaining("label a twice");
    assertThatThrownBy(() -> PrometheusText.parse(head + "x one\n"))
        .hasMessageContaining("bad value one");
    assertThatThrownBy(() -> PrometheusText.parse(head + "x 1")).hasMessageContaining("line feed");
    assertThatThrownBy(() -> PrometheusText.parse(head + "<html>\n"))
        .hasMessageContaining("neither a comment nor a sample");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x nonsense\n"))
        .hasMessageContaining("not a TYPE line");
    assertThatThrownBy(() -> PrometheusText.parse(head + "x 1\n").value("x", "a", "b"))
        .hasMessageContaining("no sample x{a=b}");
  }
}
