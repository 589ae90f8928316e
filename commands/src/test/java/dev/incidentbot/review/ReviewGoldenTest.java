package dev.incidentbot.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chart.ChartData;
import dev.incidentbot.chart.ChartMarker;
import dev.incidentbot.chart.IncidentChart;
import dev.incidentbot.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The review of a known incident, rendered by the built-in template, against {@code
 * golden/review/INC-7-review.md}. After a deliberate change, regenerate with {@code
 * -Dgolden.update=true} and read the diff.
 */
@DisplayName("Review: the built-in template renders the known incident exactly as the golden file")
class ReviewGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/review/INC-7-review.md");

  @Test
  @DisplayName("INC-7: summary, impact, detection, two actions with evidence, held and regressed")
  void matchesGolden() throws Exception {
    var model =
        ReviewModel.of(
            ReviewFixture.incident(),
            ReviewFixture.events(),
            List.of("Publishing", "Notifications"),
            ReviewFixture.actions(),
            ReviewFixture.samples(),
            List.of("INC-7-chart.png"),
            ReviewFixture.at(75));
    String markdown =
        new Templates(null).load(ReviewDraft.TEMPLATE, ReviewDraft.sample()).render(model);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, markdown, StandardCharsets.UTF_8);
    }
    assertThat(markdown).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  /** The README's example picture, written with the golden file. */
  static final Path EXAMPLE = Path.of("../docs/incident-chart.png");

  @Test
  @DisplayName(
      "INC-7's chart: every panel, a marker per alert, action and update, the action labelled with"
          + " who confirmed it; kept small enough for the README")
  void exampleChart() throws Exception {
    var markers = IncidentCharts.markers(ReviewFixture.events());
    assertThat(markers)
        .extracting(ChartMarker::kind)
        .containsExactly(
            ChartMarker.Kind.ALERT,
            ChartMarker.Kind.STATUS_UPDATE,
            ChartMarker.Kind.STATUS_UPDATE,
            ChartMarker.Kind.ACTION,
            ChartMarker.Kind.STATUS_UPDATE,
            ChartMarker.Kind.ALERT,
            ChartMarker.Kind.ACTION,
            ChartMarker.Kind.STATUS_UPDATE);
    assertThat(markers.get(3).label()).isEqualTo("/redis purge pattern:cache:* · confirmed by dan");
    var data =
        new ChartData(
            "INC-7 · Cache memory full",
            ReviewFixture.T0.minus(IncidentCharts.LEAD),
            ReviewFixture.RESOLVED,
            ReviewFixture.samples(),
            markers,
            List.of(70.0, 85.0));
    var rendered = new IncidentChart().render(data);
    assertThat(rendered.panels())
        .containsExactly(
            IncidentChart.MEMORY,
            IncidentChart.LATENCY,
            IncidentChart.OPS,
            IncidentChart.EVICTIONS,
            IncidentChart.QUEUES);
    assertThat(rendered.png().length).isLessThan(150_000);
    if (Boolean.getBoolean("golden.update")) {
      Files.write(EXAMPLE, rendered.png());
    }
  }
}
