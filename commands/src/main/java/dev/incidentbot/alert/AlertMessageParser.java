package dev.incidentbot.alert;

import dev.incidentbot.chat.Ellipsis;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises alerts in chat messages: Alertmanager's {@code discord_configs} default format (one
 * embed, the tag and group in its title, {@code Alerts Firing:}/{@code Alerts Resolved:} lists in
 * its description), Grafana's Discord contact point ({@code **Firing**}/{@code **Resolved**} lists
 * in the content, the title in the embed), and as a fallback any line starting with {@code
 * [FIRING]} or {@code [RESOLVED]}. Every other message is not an alert.
 *
 * <p>Stateless and thread-safe.
 */
public final class AlertMessageParser {
  private static final LabelBlocks ALERTMANAGER =
      new LabelBlocks(Pattern.compile("Alerts Firing:"), Pattern.compile("Alerts Resolved:"));
  private static final LabelBlocks GRAFANA =
      new LabelBlocks(
          Pattern.compile("\\*\\*Firing\\*\\*"), Pattern.compile("\\*\\*Resolved\\*\\*"));
  private static final Pattern GRAFANA_MARKER =
      Pattern.compile("(?m)^\\s*\\*\\*(Firing|Resolved)\\*\\*\\s*$");
  private static final Pattern ALERTMANAGER_MARKER =
      Pattern.compile("(?m)^\\s*Alerts (Firing|Resolved):\\s*$");
  private static final Pattern GENERIC_LINE =
      Pattern.compile("(?im)^\\s*(\\[(?:FIRING|RESOLVED)(?::\\s*\\d+)?].*)$");
  private static final Pattern GENERIC_NAME_END = Pattern.compile("\\s*(?::|\\s-\\s|$)");
  private static final int MAX_GROUP_NAME = 90;

  /** The notification in {@code message}, or empty when it is not an alert. */
  public Optional<AlertNotification> parse(AlertMessage message) {
    Optional<AlertTitle> title = AlertTitle.parse(message.firstTitle());
    if (title.isPresent() && GRAFANA_MARKER.matcher(message.content()).find()) {
      return Optional.of(
          notification(
              message, AlertSource.GRAFANA_DISCORD, title.get(), GRAFANA.parse(message.content())));
    }
    if (title.isPresent() && ALERTMANAGER_MARKER.matcher(message.firstDescription()).find()) {
      return Optional.of(
          notification(
              message,
              AlertSource.ALERTMANAGER_DISCORD,
              title.get(),
              ALERTMANAGER.parse(message.firstDescription())));
    }
    return generic(message, title);
  }

  private static AlertNotification notification(
      AlertMessage message, AlertSource source, AlertTitle title, List<Alert> alerts) {
    String name = title.groupPart();
    if (name.isEmpty()) {
      name = alerts.isEmpty() ? "alert" : alerts.get(0).name();
    }
    return new AlertNotification(
        source,
        chatGroupKey(message, name),
        cut(name),
        title.status(),
        alerts,
        AlertNotification.common(alerts),
        "message:" + message.messageId());
  }

  private static Optional<AlertNotification> generic(
      AlertMessage message, Optional<AlertTitle> embedTitle) {
    String line = embedTitle.isPresent() ? message.firstTitle().strip() : firstTaggedLine(message);
    if (line == null) {
      return Optional.empty();
    }
    Optional<AlertTitle> title = AlertTitle.parse(line);
    if (title.isEmpty()) {
      return Optional.empty();
    }
    String afterTag = title.get().groupPart();
    Matcher end = GENERIC_NAME_END.matcher(afterTag);
    String name = end.find() ? afterTag.substring(0, end.start()).strip() : afterTag;
    if (name.isEmpty()) {
      name = "alert";
    }
    String alertName = name.split(" ", 2)[0];
    var alert =
        new Alert(
            title.get().status(),
            Map.of("alertname", alertName),
            Map.of("summary", cut(afterTag)),
            null,
            null);
    return Optional.of(
        new AlertNotification(
            AlertSource.GENERIC_MESSAGE,
            chatGroupKey(message, name),
            cut(name),
            title.get().status(),
            List.of(alert),
            Map.of("alertname", alertName),
            "message:" + message.messageId()));
  }

  private static String firstTaggedLine(AlertMessage message) {
    for (String text : texts(message)) {
      Matcher m = GENERIC_LINE.matcher(text);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  private static List<String> texts(AlertMessage message) {
    var texts = new java.util.ArrayList<String>();
    texts.add(message.content());
    for (AlertMessage.Embed e : message.embeds()) {
      texts.add(e.title());
      texts.add(e.description());
    }
    return texts;
  }

  private static String chatGroupKey(AlertMessage message, String name) {
    return "chat:" + message.place().channelId() + ":" + name;
  }

  private static String cut(String text) {
    return Ellipsis.cut(text, MAX_GROUP_NAME);
  }
}
