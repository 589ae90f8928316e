package dev.incidentbot.bot.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A recovery action run as the runbook asks: alice plans it, the plan is posted for the channel,
 * and bob, a second operator, presses Confirm. When the plan is high risk, alice's own press is
 * tried first and must be refused.
 *
 * @param plan the confirmation message
 * @param outcome the result of bob's press ("Done: …" or "Failed: …")
 */
record Flow(Shown plan, Shown outcome) {
  static final String CONFIRM = "Confirm";
  static final String CONFIRM_HIGH_RISK = "Confirm (high risk)";

  /** Plans {@code command} as alice and has bob confirm it; waits for the outcome. */
  static Flow confirmed(Chat chat, String command, Map<String, String> options) {
    Shown plan = plan(chat, command, options);
    String confirm = plan.buttons().get(0);
    if (confirm.equals(CONFIRM_HIGH_RISK)) {
      Shown self =
          chat.press(plan, confirm, "alice")
              .await(m -> m.text().contains("must confirm it"), "the refusal of alice's own press");
      assertThat(self.text()).contains("someone other than the requester must confirm it");
    }
    return new Flow(plan, outcome(chat.press(plan, confirm, "bob")));
  }

  /** alice's plan for {@code command}, posted for the channel with Confirm and Cancel. */
  static Shown plan(Chat chat, String command, Map<String, String> options) {
    Shown plan = chat.send("alice", command, options).answer();
    assertThat(plan.title()).as(plan.text()).startsWith("Confirm? /" + command);
    assertThat(plan.privately()).as("the plan is posted for the channel").isFalse();
    assertThat(plan.buttons()).containsAnyOf(CONFIRM, CONFIRM_HIGH_RISK).contains("Cancel");
    assertThat(plan.text()).contains("alice");
    return plan;
  }

  /**
   * The final outcome of a confirmation: its "Done:" or "Failed:" message, or "Nothing to do:" when
   * what the plan matched was gone by then.
   */
  static Shown outcome(Chat.Exchange press) {
    return press.await(
        m ->
            m.title().startsWith("Done:")
                || m.title().startsWith("Failed:")
                || m.title().startsWith("Stopped by ")
                || m.title().startsWith("Nothing to do:"),
        "the outcome");
  }

  /** A regex for one piece of evidence as both adapters show it: its name, then its value. */
  static String evidence(String name, String value) {
    return Pattern.quote(name) + ":?\\s+" + Pattern.quote(value);
  }
}
