package dev.incidentbot.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.bot.http.AlertmanagerPayloads;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.incident.StatusUpdateMessage;
import dev.incidentbot.incident.StatusUpdateRenderer;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.timeline.TimelineEvent;
import dev.incidentbot.timeline.TimelineEvent.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

@DisplayName("A whole incident through the console chat, with a real redis-server and H2")
class IncidentConsoleTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");

  @TempDir Path files;

  final MutableClock clock = new MutableClock(T0);
  final ManualScheduler scheduler = new ManualScheduler();

  ConsoleBot bot;

  ConsoleBot start(String incidentsYaml) throws Exception {
    bot =
        new ConsoleBot(
            ConsoleBot.config(redis.server().url(), incidentsYaml),
            clock,
            scheduler::handledBy,
            files);
    return bot;
  }

  @AfterEach
  void stop() {
    if (bot != null) {
      bot.close();
    }
  }

  @Test
  @DisplayName(
      "declare, an alert, two updates, a real purge confirmed by another operator and its"
          + " follow-up, resolve: stakeholders get exactly the rendered updates, the thread mirrors"
          + " them, reminders stop, the timeline has every event")
  void fullIncident() throws Exception {
    start("incidents:\n  system: SmartBeak\n");

    String declared =
        bot.type(
            "/incident declare title:Redis out of memory on cache severity:P1 targets:cache"
                + " impact:Posts publish late\n");
    assertThat(declared).contains("INC-1 declared").contains("[#ops]");
    Incident incident = bot.wiring.incidents().find("INC-1").orElseThrow();
    Place thread = incident.thread();
    assertThat(thread).isNotNull();
    assertThat(thread.threadId()).isNotNull();
    assertThat(scheduler.pending("incident:INC-1"))
        .extracting(j -> j.job().type(), j -> j.job().params().get("thread"))
        .contains(tuple("incident-watch", thread.threadId()));

    // the first update, field by field against the runbook's template
    Reply first = bot.postsAt(bot.stakeholders()).get(0);
    assertThat(first.title()).isEqualTo("[INCIDENT] Redis Service Disruption - SmartBeak");
    assertThat(first.fields())
        .extracting(Field::name, Field::value)
        .containsExactly(
            tuple("Status", "Investigating"),
            tuple("Impact", "Posts publish late"),
            tuple("Start Time", "2026-05-04T08:00:00Z"),
            tuple("Affected Services", "Publishing, Notifications, Rate Limiting"),
            tuple("Summary", "We are investigating: Redis out of memory on cache"),
            tuple(
                "User Impact",
                "- Publishing: affected (under 1 min so far)\n"
                    + "- Notifications: affected (under 1 min so far)\n"
                    + "- Rate Limiting: affected (under 1 min so far)"),
            tuple("Next Steps", "1. Next update by 2026-05-04T08:30:00Z"));

    // the update form, prefilled, then the first update from the console's options
    clock.advance(Duration.ofMinutes(12));
    String form = bot.type("/incident update\n");
    assertThat(form)
        .contains("📝 Update INC-1: Redis out of memory on cache")
        .contains(
            "status — Status (Investigating, Identified, Monitoring, Resolved): Investigating")
        .contains("impact — Impact: Posts publish late")
        .contains("Submit with: /incident update incident:INC-1");
    bot.type(
        "/incident update status:Identified summary:maxmemory reached; evictions off"
            + " user-impact:\"Publishing: delays up to 10 min|Search: stale results\""
            + " next-steps:\"Raise maxmemory|Purge cache:* keys\"\n");

    // an alert about the incident's target, through the alert intake as Alertmanager sends it
    clock.advance(Duration.ofMinutes(3));
    var alert =
        new AlertmanagerPayloads()
            .parse(fixture("alertmanager/webhook/memoryhigh-firing.json", "cache-a", "cache"));
    assertThat(bot.wiring.alertIntake().submit(alert)).isEqualTo(AlertIntake.Submission.ACCEPTED);
    bot.awaitEvent("INC-1", Kind.ALERT);

    // a command on the target, then a real purge: planned, confirmed by another operator, run
    bot.type("/redis health target:cache\n");
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      for (int i = 0; i < 120; i++) {
        j.set("cache:" + i, "v");
        j.set("user:" + i, "kept");
      }
    }
    String plan = bot.type("/redis purge pattern:cache:* target:cache\n");
    assertThat(plan).contains("Confirm? /redis purge pattern:cache:* on cache");
    Matcher confirm = Pattern.compile("\\[(\\d+)] Confirm").matcher(plan);
    assertThat(confirm.find()).as("a Confirm button in:%n%s", plan).isTrue();
    bot.press("@dan press " + confirm.group(1) + "\n", "Done: removed 120 keys from cache");
    try (Jedis j = redis.server().client()) {
      assertThat(j.keys("cache:*")).isEmpty();
      assertThat(j.dbSize()).isEqualTo(120);
    }

    // its first follow-up check, a minute later
    clock.advance(Duration.ofMinutes(1));
    assertThat(scheduler.runDue(clock.instant(), "followup-check")).isOne();

    clock.advance(Duration.ofMinutes(4));
    bot.type(
        "@bob /incident update status:Monitoring impact:Publishing catching up"
            + " next-steps:\"Watch memory for 30 min\"\n");
    assertThat(pendingReminders())
        .singleElement()
        .satisfies(j -> assertThat(j.nextRun()).isEqualTo(clock.instant().plusSeconds(1800)));

    clock.advance(Duration.ofMinutes(30));
    String resolved = bot.type("/incident resolve summary:Raised maxmemory to 4 GB\n");
    assertThat(resolved).contains("INC-1: update #4 posted to stakeholders");

    // stakeholders hold exactly the rendered updates, in order, each the message whose plain text
    // was stored as sent; the thread mirrors each
    Incident done = bot.wiring.incidents().find("INC-1").orElseThrow();
    assertThat(done.updates()).hasSize(4);
    List<Reply> posted = bot.postsAt(bot.stakeholders());
    assertThat(posted)
        .extracting(r -> new StatusUpdateMessage(r).text())
        .containsExactlyElementsOf(done.updates().stream().map(StatusUpdate::rendered).toList());
    assertThat(posted)
        .extracting(Reply::severity)
        .containsExactlyElementsOf(
            done.updates().stream()
                .map(u -> StatusUpdateRenderer.colour(done.severity(), u.status()))
                .toList());
    assertThat(bot.postsAt(thread)).containsSubsequence(posted);
    assertThat(done.updates())
        .extracting(StatusUpdate::status)
        .extracting(Enum::name)
        .containsExactly("INVESTIGATING", "IDENTIFIED", "MONITORING", "RESOLVED");

    Reply second = bot.postsAt(bot.stakeholders()).get(1);
    assertThat(second.fields())
        .extracting(Field::name, Field::value)
        .contains(
            tuple(
                "User Impact",
                "- Publishing: delays up to 10 min (12 min so far)\n"
                    + "- Notifications: affected (12 min so far)\n"
                    + "- Rate Limiting: affected (12 min so far)\n"
                    + "- Search: stale results"),
            tuple("Next Steps", "1. Raise maxmemory\n2. Purge cache:* keys"),
            tuple(
                "Changed since the last update (2026-05-04T08:00:00Z)",
                "- Status: Investigating → Identified\n- Summary updated\n"
                    + "- User impact: Publishing: delays up to 10 min\n"
                    + "- User impact: Search: stale results\n"
                    + "- New next step: Raise maxmemory\n- New next step: Purge cache:* keys"));
    Reply last = bot.postsAt(bot.stakeholders()).get(3);
    assertThat(last.fields())
        .extracting(Field::name, Field::value)
        .contains(
            tuple("Status", "Resolved"),
            tuple("Summary", "Raised maxmemory to 4 GB"),
            tuple(
                "User Impact",
                "- Publishing: delays up to 10 min (resolved after 50 min)\n"
                    + "- Notifications: affected (resolved after 50 min)\n"
                    + "- Rate Limiting: affected (resolved after 50 min)\n"
                    + "- Search: stale results"));

    // resolve cancelled the reminder and the watch; only the purge's own checks remain
    assertThat(scheduler.pending("incident:INC-1")).isEmpty();
    clock.advance(Duration.ofHours(2));
    assertThat(scheduler.runDue(clock.instant(), "incident-reminder")).isZero();
    assertThat(scheduler.runDue(clock.instant(), "incident-watch")).isZero();
    assertThat(scheduler.pending(null))
        .allSatisfy(j -> assertThat(j.job().type()).isEqualTo("followup-check"));

    // the timeline, exported as Markdown, has every event with who and when
    String exported = bot.type("/incident timeline\n");
    assertThat(exported).contains("📎 INC-1-timeline.md");
    String md = Files.readString(files.resolve("INC-1-timeline.md"));
    assertThat(md)
        .contains("# INC-1: Redis out of memory on cache")
        .contains("- **Status:** Resolved")
        .contains("- **Duration:** 50 min")
        .contains(
            "| 2026-05-04T08:00:00Z | Command | alice |  | Declared P1 \"Redis out of memory on"
                + " cache\" on cache |")
        .contains("| 2026-05-04T08:00:00Z | Status update | alice |  | Stakeholder update #1:")
        .contains(
            "| 2026-05-04T08:15:00Z | Alert | alertmanager | cache | Alert [FIRING:1]"
                + " RedisMemoryHigh orders opened a thread |")
        .containsPattern(
            "\\| 2026-05-04T08:15:00Z \\| Command \\| alice \\| cache \\| /redis health")
        .containsPattern(
            "\\| 2026-05-04T08:15:00Z \\| Command \\| alice \\| cache \\| /redis purge .*→"
                + " Confirm\\? /redis purge pattern:cache:\\* on cache \\|")
        .contains(
            "| 2026-05-04T08:15:00Z | Confirmation | dan | cache | confirmed /redis purge"
                + " pattern:cache:* on cache |")
        .contains(
            "| 2026-05-04T08:15:00Z | Action | dan | cache | /redis purge pattern:cache:* on cache:"
                + " removed 120 keys from cache |")
        .contains(
            "| 2026-05-04T08:16:00Z | Follow-up (held) | follow-up | cache | Follow-up +1 min of"
                + " cache: holding ✔ |")
        .contains("| 2026-05-04T08:20:00Z | Status update | bob |  | Stakeholder update #3:")
        .contains("| 2026-05-04T08:50:00Z | Status update | alice |  | Stakeholder update #4:")
        .contains("### #4 · Resolved · 2026-05-04T08:50:00Z · alice");
    assertThat(bot.wiring.incidents().events("INC-1"))
        .extracting(TimelineEvent::kind)
        .containsExactly(
            Kind.COMMAND,
            Kind.STATUS_UPDATE,
            Kind.STATUS_UPDATE,
            Kind.ALERT,
            Kind.COMMAND,
            Kind.COMMAND,
            Kind.CONFIRMATION,
            Kind.ACTION,
            Kind.FOLLOW_UP,
            Kind.STATUS_UPDATE,
            Kind.STATUS_UPDATE);
  }

  @Test
  @DisplayName(
      "the timeline includes what was done to its targets between started: and the declaration,"
          + " marked so; not what was done before it started or to other targets")
  void actionsBeforeDeclaration() throws Exception {
    start("");
    bot.type("/redis health target:cache\n"); // 08:00, before the incident started
    clock.advance(Duration.ofMinutes(10));
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      for (int i = 0; i < 30; i++) {
        j.set("cache:" + i, "v");
      }
    }
    String plan = bot.type("/redis purge pattern:cache:* target:cache\n"); // 08:10
    Matcher confirm = Pattern.compile("\\[(\\d+)] Confirm").matcher(plan);
    assertThat(confirm.find()).as("a Confirm button in:%n%s", plan).isTrue();
    clock.advance(Duration.ofMinutes(1));
    bot.press("@dan press " + confirm.group(1) + "\n", "Done: removed 30 keys from cache");
    clock.advance(Duration.ofMinutes(4)); // 08:15: declared, started at 08:05
    bot.type("/incident declare title:Cache flushed severity:P2 targets:cache started:10m\n");

    bot.type("/incident timeline\n");
    String md = Files.readString(files.resolve("INC-1-timeline.md"));

    assertThat(md)
        .containsPattern(
            "\\| 2026-05-04T08:10:00Z \\| Command \\| alice \\| cache \\| /redis purge"
                + " [^|]*\\(before the declaration\\) \\|")
        .containsPattern(
            "\\| 2026-05-04T08:11:00Z \\| Action \\| dan \\| cache \\| /redis purge"
                + " target:cache pattern:cache:\\*: plan \\S+ requested by alice, confirmed by"
                + " dan: removed 30 keys from cache \\(before the declaration\\) \\|")
        .doesNotContain("/redis health target:cache")
        .contains("| 2026-05-04T08:15:00Z | Command | alice |  | Declared P2");
    assertThat(md.indexOf("08:10:00Z")).isLessThan(md.indexOf("08:15:00Z | Command"));
  }

  @Test
  @DisplayName(
      "a command given no target: counts as before the declaration on the targets it ran on (all"
          + " of them), the timeline says where")
  void untargetedCommandBeforeDeclaration() throws Exception {
    start("");
    clock.advance(Duration.ofMinutes(8));
    bot.type("/redis health\n"); // 08:08: no target given, so it checks cache and sessions
    clock.advance(Duration.ofMinutes(7)); // 08:15: declared, started at 08:05
    bot.type("/incident declare title:Cache slow severity:P2 targets:cache started:10m\n");

    bot.type("/incident timeline\n");
    String md = Files.readString(files.resolve("INC-1-timeline.md"));

    assertThat(md)
        .contains(
            "| 2026-05-04T08:08:00Z | Command | alice | cache | /redis health on cache (before the"
                + " declaration) |");
    assertThat(bot.wiring.audit().recent(20))
        .filteredOn(e -> e.command().equals("redis health"))
        .singleElement()
        .satisfies(e -> assertThat(e.targets()).containsExactly("cache", "sessions"));
  }

  @Test
  @DisplayName(
      "declaring what is already open is refused, pointing at it, nothing sent; duplicate:yes"
          + " declares another")
  void duplicateDeclaration() throws Exception {
    start("");
    bot.type("/incident declare title:Redis down severity:P1 targets:cache,sessions\n");
    int updates = bot.postsAt(bot.stakeholders()).size();
    clock.advance(Duration.ofSeconds(12));

    String again =
        bot.type("@bob /incident declare title:redis down severity:P1 targets:sessions, cache\n");

    assertThat(again)
        .contains(
            "INC-1 is already open for cache, sessions (declared 12 s ago by alice): /incident"
                + " update incident:INC-1, or declare again with duplicate:yes to open another.")
        .doesNotContain("INC-2");
    assertThat(bot.wiring.incidents().open()).extracting(Incident::id).containsExactly("INC-1");
    assertThat(bot.postsAt(bot.stakeholders())).hasSize(updates);

    assertThat(
            bot.type(
                "/incident declare title:Redis down severity:P1 targets:cache,sessions"
                    + " duplicate:yes\n"))
        .contains("INC-2 declared");
  }

  @Test
  @DisplayName(
      "started: takes ISO-8601, how long ago (10m) and a UTC clock time (today or yesterday)")
  void startedForms() throws Exception {
    start("");
    bot.type("/incident declare title:A severity:P2 targets:cache started:10m\n");
    bot.type("/incident declare title:B severity:P2 targets:cache started:7:45\n");
    bot.type("/incident declare title:C severity:P2 targets:cache started:14:05\n");
    bot.type("/incident declare title:D severity:P2 targets:cache started:2026-05-04T06:00:00Z\n");
    String bad = bot.type("/incident declare title:E severity:P2 targets:cache started:soon\n");

    assertThat(bot.wiring.incidents().open())
        .extracting(Incident::startedAt)
        .containsExactly(
            T0.minus(Duration.ofMinutes(10)),
            Instant.parse("2026-05-04T07:45:00Z"),
            Instant.parse("2026-05-03T14:05:00Z"),
            Instant.parse("2026-05-04T06:00:00Z"));
    assertThat(bad)
        .contains(
            "started:soon is not a time; use ISO-8601 like 2026-01-31T09:15:00Z, how long ago"
                + " like 10m, or a UTC clock time like 14:05.");
  }

  @Test
  @DisplayName(
      "a reminder pings the commander in the thread when an update is overdue; snooze"
          + " puts it off; after resolve none fires")
  void reminders() throws Exception {
    start("incidents:\n  reminders: { P0: 2m }\n  snooze: 1m\n");
    bot.type("/incident declare title:Redis down severity:P0 targets:cache\n");
    Place thread = bot.wiring.incidents().find("INC-1").orElseThrow().thread();
    bot.type("/incident assign user:@bob\n");

    clock.advance(Duration.ofSeconds(119));
    assertThat(scheduler.runDue(clock.instant())).isZero();
    clock.advance(Duration.ofSeconds(1));
    var pendingWhenPosted = new java.util.ArrayList<Instant>();
    bot.outbox.onPost(
        p -> {
          if (p.reply().title().startsWith("Stakeholder update due")) {
            pendingReminders().forEach(j -> pendingWhenPosted.add(j.nextRun()));
          }
        });
    assertThat(scheduler.runDue(clock.instant())).isOne();
    assertThat(pendingWhenPosted)
        .as("the next reminder is in place before this one is seen, so a Snooze on it sticks")
        .containsExactly(clock.instant().plusSeconds(120));

    Reply reminder = bot.postsAt(thread).get(bot.postsAt(thread).size() - 1);
    assertThat(reminder.title()).isEqualTo("Stakeholder update due for INC-1");
    assertThat(reminder.mentions()).containsExactly("bob");
    assertThat(reminder.pingOnCall()).isFalse();
    assertThat(reminder.text()).startsWith("bob, stakeholders last heard about INC-1 2 min ago");
    assertThat(reminder.buttons())
        .extracting(b -> b.label(), b -> b.action().command())
        .containsExactly(
            tuple("Post update", "incident update"), tuple("Snooze 1 min", "incident snooze"));
    assertThat(bot.printed())
        .contains("@bob")
        .contains("[2] Snooze 1 min")
        .as("the reminder's Post update is the declaration's button, with its number")
        .contains("[1] Post update  [2] Snooze 1 min");

    // the next one is due an interval later, unless snoozed: press Snooze
    assertThat(pendingReminders())
        .singleElement()
        .satisfies(j -> assertThat(j.nextRun()).isEqualTo(clock.instant().plusSeconds(120)));
    bot.press("@bob press 2\n", "Reminder snoozed for 1 min by bob");
    assertThat(pendingReminders())
        .singleElement()
        .satisfies(j -> assertThat(j.nextRun()).isEqualTo(clock.instant().plusSeconds(60)));

    // "Post update" opens the form
    bot.press("@bob press 1\n", "📝 Update INC-1: Redis down");

    // a viewer may not snooze
    bot.press("@vic press 2\n", "/incident snooze needs the commander role");

    bot.type("/incident resolve summary:Restarted\n");
    int reminders = countReminders(thread);
    clock.advance(Duration.ofHours(1));
    assertThat(scheduler.runDue(clock.instant())).isZero();
    assertThat(countReminders(thread)).isEqualTo(reminders);
  }

  private int countReminders(Place thread) {
    return (int)
        bot.postsAt(thread).stream()
            .filter(r -> r.title().startsWith("Stakeholder update due"))
            .count();
  }

  @Test
  @DisplayName("only the configured roles may declare, update, resolve and assign")
  void roles() throws Exception {
    start("incidents:\n  roles: { resolve: operator }\n");
    assertThat(bot.type("@vic /incident declare title:x severity:P2 targets:cache\n"))
        .contains("/incident declare needs the commander role; you have viewer.");
    bot.type("/incident declare title:x severity:P2 targets:cache\n");
    assertThat(bot.type("@vic /incident update status:Identified\n"))
        .contains("/incident update needs the commander role");
    assertThat(bot.type("@bob /incident resolve summary:done\n"))
        .contains("/incident resolve needs the operator role");
    assertThat(bot.type("@vic /incident show\n")).contains("INC-1 · P2 · Investigating · x");
    assertThat(bot.postsAt(bot.stakeholders())).hasSize(1);
  }

  @Test
  @DisplayName("list shows open incidents first; an unknown incident or status is explained")
  void listAndErrors() throws Exception {
    start("");
    bot.type("/incident declare title:first severity:P2 targets:cache\n");
    bot.type("/incident declare title:second severity:P1 targets:cache,sessions\n");
    bot.type("/incident resolve incident:INC-2 summary:done\n");
    bot.type("/incident declare title:third severity:P0 targets:sessions\n");

    String list = bot.type("/incident list\n");
    assertThat(list)
        .containsSubsequence(
            "🔴 INC-3 · P0 · Investigating · third",
            "🔴 INC-1 · P2 · Investigating · first",
            "✅ INC-2 · P1 · Resolved · second");
    assertThat(bot.type("/incident update status:Identified\n"))
        .contains("Which incident? Add incident:<id>; open: INC-1, INC-3.");
    assertThat(bot.type("/incident update incident:INC-9 status:Identified\n"))
        .contains("There is no incident INC-9.");
    assertThat(bot.type("/incident update incident:INC-1 status:fixed\n"))
        .contains("status 'fixed' is not one of Investigating, Identified, Monitoring, Resolved.");
    assertThat(bot.type("/incident declare title:x severity:P1 targets:nope\n"))
        .contains("target 'nope' is not configured; known: cache, sessions.");
    assertThat(bot.type("/incident resolve incident:INC-2 summary:again\n"))
        .contains("INC-2 is already resolved.");
  }

  /** A captured alert body with {@code from} replaced by {@code to}. */
  private static byte[] fixture(String path, String from, String to) throws Exception {
    try (var in = IncidentConsoleTest.class.getResourceAsStream("/alerts/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace(from, to)
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The incident's reminder; its group also holds the watch of its targets. */
  private List<dev.incidentbot.schedule.ScheduledJob> pendingReminders() {
    return scheduler.pending("incident:INC-1").stream()
        .filter(j -> j.job().type().equals("incident-reminder"))
        .toList();
  }
}
