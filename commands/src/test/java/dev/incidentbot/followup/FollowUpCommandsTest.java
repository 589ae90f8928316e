package dev.incidentbot.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("/followup schedule, list and cancel")
class FollowUpCommandsTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
  private static final Place THREAD = Place.channel("ops").inThread("t1");

  private FakeScheduler scheduler;
  private MapJobState state;
  private ScheduleFollowUpCommand schedule;

  @BeforeEach
  void build() {
    scheduler = new FakeScheduler();
    state = new MapJobState();
    var targets = new Targets(List.of(Target.standalone("cache", redis.server().url())));
    var health = new HealthCheck(new RedisNodes(), Executors.newCachedThreadPool());
    var settings = FollowUpSettings.DEFAULTS;
    schedule =
        new ScheduleFollowUpCommand(
            targets,
            health,
            new FollowUps(scheduler, state, settings, QueueDepths.NONE, CLOCK),
            settings,
            CLOCK);
  }

  private static Request request(String command, Map<String, String> options) {
    return new Request(
        command,
        options,
        Actor.person("alice", "alice", Set.of(Roles.OPERATOR)),
        THREAD,
        CLOCK.instant());
  }

  private String error(Map<String, String> options) {
    return assertThatThrownBy(
            () -> schedule.handle(request("followup schedule", options), Progress.NONE))
        .isInstanceOf(UserFacingException.class)
        .actual()
        .getMessage();
  }

  @Test
  @DisplayName("in:10m schedules one check here, with a baseline taken now")
  void once() {
    var reply = schedule.handle(request("followup schedule", Map.of("in", "10m")), Progress.NONE);

    var job = scheduler.jobs.values().iterator().next();
    String id = scheduler.jobs.keySet().iterator().next();
    assertThat(reply.title()).isEqualTo("Check of cache scheduled");
    assertThat(reply.text())
        .isEqualTo("In 10 min (10:10:00 UTC), posted here and compared with now.");
    assertThat(reply.fields().get(0).value()).isEqualTo(id + " · /followup cancel id:" + id);
    assertThat(job.type()).isEqualTo(FollowUpCheck.TYPE);
    assertThat(job.firstAt()).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(10)));
    assertThat(job.params())
        .containsEntry("channel", "ops")
        .containsEntry("thread", "t1")
        .containsEntry("target", "cache")
        .containsEntry("subject", "/followup by alice");
    assertThat(state.get(job.group(), FollowUpCheck.BASELINE)).isPresent();
  }

  @Test
  @DisplayName("every:5m for:30m schedules six checks, the first after five minutes")
  void repeating() {
    var reply =
        schedule.handle(
            request("followup schedule", Map.of("every", "5m", "for", "30m")), Progress.NONE);

    var job = scheduler.jobs.values().iterator().next();
    assertThat(reply.text())
        .startsWith("Every 5 min for 30 min (6 checks, the first at 10:05:00 UTC)");
    assertThat(job.every()).isEqualTo(Duration.ofMinutes(5));
    assertThat(job.until()).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(30)));
  }

  @Test
  @DisplayName("every:5m for:5m schedules one check, said in the singular")
  void repeatingOnce() {
    var reply =
        schedule.handle(
            request("followup schedule", Map.of("every", "5m", "for", "5m")), Progress.NONE);

    assertThat(reply.text()).startsWith("Every 5 min for 5 min (1 check, the first at");
  }

  @Test
  @DisplayName(
      "bad durations, missing or conflicting options and too-frequent schedules are refused clearly")
  void errors() {
    assertThat(error(Map.of()))
        .isEqualTo("When? Add in:10m for one check, or every:5m for:30m for repeated checks.");
    assertThat(error(Map.of("in", "5m", "every", "1m")))
        .isEqualTo("Use either in: (one check) or every: (repeated checks), not both.");
    assertThat(error(Map.of("in", "soon")))
        .isEqualTo(
            "in: 'soon' is not a duration; use a number with ms, s, m, h or d, like 2s or 10m.");
    assertThat(error(Map.of("in", "8d"))).isEqualTo("in:8d is too far ahead; at most 7 d.");
    assertThat(error(Map.of("every", "10s", "for", "5m")))
        .isEqualTo(
            "every:10s is too frequent; the minimum is 1 min (followUps.minInterval in the config).");
    assertThat(error(Map.of("every", "5m")))
        .isEqualTo("every:5m needs for:<how long>, like for:30m.");
    assertThat(error(Map.of("every", "5m", "for", "2m")))
        .isEqualTo("for:2m is shorter than every:5m; nothing would run.");
    assertThat(error(Map.of("in", "5m", "target", "nope")))
        .isEqualTo("target 'nope' is not configured; known: cache.");
    assertThat(scheduler.jobs).isEmpty();
  }

  @Test
  @DisplayName("list shows ids soonest first; cancel stops one and refuses unknown ids")
  void listAndCancel() {
    String later =
        scheduler.schedule(
            Job.once(
                "followup-check", "g", Map.of(), CLOCK.instant().plusSeconds(600), "later one"));
    String sooner =
        scheduler.schedule(
            Job.once(
                "followup-check", "g", Map.of(), CLOCK.instant().plusSeconds(60), "sooner one"));
    var list =
        new ListFollowUpsCommand(scheduler, CLOCK)
            .handle(request("followup list", Map.of()), Progress.NONE);
    assertThat(list.codeBlocks().get(0).content().lines().toList())
        .containsExactly(
            sooner + "  in 1 min (10:01:00 UTC)  sooner one",
            later + "  in 10 min (10:10:00 UTC)  later one");

    var cancel = new CancelFollowUpCommand(scheduler);
    assertThat(
            cancel.handle(request("followup cancel", Map.of("id", sooner)), Progress.NONE).title())
        .isEqualTo("Cancelled " + sooner);
    assertThatThrownBy(
            () -> cancel.handle(request("followup cancel", Map.of("id", sooner)), Progress.NONE))
        .isInstanceOf(UserFacingException.class)
        .hasMessage(
            "No scheduled job has id '"
                + sooner
                + "'; /followup list shows the ids of what is scheduled.");
    assertThat(scheduler.jobs).containsOnlyKeys(later);
  }

  @Test
  @DisplayName("the bot's internal jobs (sampling) are neither listed nor cancellable")
  void internalJobsHidden() {
    scheduler.put(
        "samples",
        Job.repeating(
            "incident-samples",
            Job.INTERNAL_GROUP,
            Map.of(),
            CLOCK.instant().plusSeconds(15),
            java.time.Duration.ofSeconds(15),
            null,
            "samples"));
    assertThat(
            new ListFollowUpsCommand(scheduler, CLOCK)
                .handle(request("followup list", Map.of()), Progress.NONE)
                .title())
        .isEqualTo("Nothing scheduled");
    assertThatThrownBy(
            () ->
                new CancelFollowUpCommand(scheduler)
                    .handle(request("followup cancel", Map.of("id", "samples")), Progress.NONE))
        .isInstanceOf(UserFacingException.class)
        .hasMessageStartingWith("No scheduled job has id 'samples'");
    assertThat(scheduler.jobs).containsOnlyKeys("samples");
  }
}
