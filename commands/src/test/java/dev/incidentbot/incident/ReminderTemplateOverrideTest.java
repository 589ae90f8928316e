package dev.incidentbot.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.template.TemplateException;
import dev.incidentbot.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Operators' update-reminder.reply: labels and which buttons show are theirs")
class ReminderTemplateOverrideTest {
  @TempDir Path dir;

  private final ReminderNotice notice =
      new ReminderNotice(
          "INC-9", "alice", "100000000000000001", "P2", "1 h 2 min", "1 h", "", "15 min");

  @Test
  @DisplayName("a relabelled Post button, no Snooze; the code's action and the mention stay")
  void overrideIsUsed() throws Exception {
    Files.writeString(
        dir.resolve("update-reminder.reply"),
        "title: {{id}}: stakeholders are waiting\ntext: {{commander}}, {{since}}.\n"
            + "button post: Write the update\n");
    var reply = new ReminderReplies(new Templates(dir)).render(notice);
    assertThat(reply.title()).isEqualTo("INC-9: stakeholders are waiting");
    assertThat(reply.text()).isEqualTo("alice, 1 h 2 min.");
    assertThat(reply.buttons())
        .containsExactly(
            new Button(
                "Write the update",
                Button.Style.PRIMARY,
                Action.of("incident update", IncidentLookup.OPTION, "INC-9")));
    assertThat(reply.mentions()).containsExactly("100000000000000001");
  }

  @Test
  @DisplayName("a misspelt button stops start-up with the operator's file and line")
  void brokenOverrideStops() throws Exception {
    Path file = dir.resolve("update-reminder.reply");
    Files.writeString(file, "title: {{id}}\n\nbutton snoze: Later\n");
    assertThatThrownBy(() -> new ReminderReplies(new Templates(dir)))
        .isInstanceOf(TemplateException.class)
        .hasMessage(file + " line 3: unknown button 'snoze'; the buttons here are post, snooze");
  }
}
