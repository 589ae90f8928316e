package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one guild of the fake Discord: text channels {@code ops}, {@code stakeholders} and {@code
 * alerts}, roles {@code Viewer}, {@code Operator}, {@code Commander} and {@code On-Call}, the bot
 * as a member with exactly the permissions docs/discord.md asks for, and the JSON Discord sends for
 * each of them.
 */
final class FakeGuild {
  static final List<String> CHANNELS = List.of("ops", "stakeholders", "alerts");
  static final List<String> ROLES = List.of("Viewer", "Operator", "Commander", "On-Call");

  /** MENTION_EVERYONE (developers/topics/permissions.mdx, "Bitwise Permission Flags"). */
  static final long MENTION_EVERYONE = 1L << 17;

  /** View channels, read history, use application commands: what @everyone may do. */
  static final long EVERYONE_PERMISSIONS = (1L << 10) | (1L << 16) | (1L << 31);

  /**
   * The invite permissions of docs/discord.md: view channels, send messages, embed links, attach
   * files, read message history, use application commands, create public threads, send messages in
   * threads.
   */
  static final long BOT_PERMISSIONS =
      (1L << 10)
          | (1L << 11)
          | (1L << 14)
          | (1L << 15)
          | (1L << 16)
          | (1L << 31)
          | (1L << 35)
          | (1L << 38);

  final String id;
  final String botId;
  final String botRoleId;
  final String ownerId;
  final Map<String, String> channels = new LinkedHashMap<>();
  final Map<String, String> roles = new LinkedHashMap<>();
  final Map<String, ObjectNode> threads = new ConcurrentHashMap<>();

  /**
   * Roles whose mentions notify their members (a role's {@code mentionable} flag,
   * developers/topics/permissions.mdx, "Role Object"); none by default, as in a new Discord role.
   */
  final Set<String> mentionableRoles = ConcurrentHashMap.newKeySet();

  /** The bot role's permissions: {@link #BOT_PERMISSIONS} unless a test grants more. */
  volatile long botPermissions = BOT_PERMISSIONS;

  private final Map<String, FakeUser> users = new ConcurrentHashMap<>();
  private final Snowflakes ids;

  FakeGuild(Snowflakes ids) {
    this.ids = ids;
    this.id = ids.next();
    this.botId = ids.next();
    this.botRoleId = ids.next();
    this.ownerId = ids.next();
    CHANNELS.forEach(name -> channels.put(name, ids.next()));
    ROLES.forEach(name -> roles.put(name, ids.next()));
  }

  /** A channel id from its name ("ops") or the id itself (also of a thread). */
  String channelId(String nameOrId) {
    if (channels.containsKey(nameOrId)) {
      return channels.get(nameOrId);
    }
    if (channels.containsValue(nameOrId) || threads.containsKey(nameOrId)) {
      return nameOrId;
    }
    throw new IllegalArgumentException(
        "the fake guild has no channel '" + nameOrId + "'; it has " + channels.keySet());
  }

  String roleId(String name) {
    String roleId = roles.get(name);
    if (roleId == null) {
      throw new IllegalArgumentException(
          "the fake guild has no role '" + name + "'; it has " + ROLES);
    }
    return roleId;
  }

  FakeUser user(String name, String... roleNames) {
    var roleIds = new ArrayList<String>();
    for (String role : roleNames) {
      roleIds.add(roleId(role));
    }
    FakeUser user = new FakeUser(ids.next(), name, roleIds);
    users.put(user.id(), user);
    return user;
  }

  /** The members created so far. */
  List<FakeUser> users() {
    return List.copyOf(users.values());
  }

  boolean botMayMentionEveryone() {
    return (botPermissions & MENTION_EVERYONE) != 0;
  }

  ObjectNode botUser() {
    return Json.object()
        .put("id", botId)
        .put("username", "incident-bot")
        .put("discriminator", "0")
        .putNull("global_name")
        .putNull("avatar")
        .put("bot", true)
        .put("verified", true)
        .put("mfa_enabled", false)
        .put("flags", 0);
  }

  ObjectNode userJson(FakeUser user) {
    return Json.object()
        .put("id", user.id())
        .put("username", user.name())
        .put("discriminator", "0")
        .put("global_name", user.name())
        .putNull("avatar")
        .put("bot", false)
        .put("public_flags", 0);
  }

  ObjectNode memberJson(FakeUser user) {
    ObjectNode member = member(userJson(user), user.roleIds());
    long permissions = EVERYONE_PERMISSIONS;
    member.put("permissions", Long.toString(permissions));
    return member;
  }

  private ObjectNode member(ObjectNode user, List<String> roleIds) {
    ObjectNode member = Json.object();
    member.set("user", user);
    ArrayNode roleArray = member.putArray("roles");
    roleIds.forEach(roleArray::add);
    return member
        .put("joined_at", "2024-01-01T00:00:00.000000+00:00")
        .putNull("nick")
        .putNull("avatar")
        .putNull("premium_since")
        .putNull("communication_disabled_until")
        .put("deaf", false)
        .put("mute", false)
        .put("flags", 0)
        .put("pending", false);
  }

  ObjectNode ready(String gatewayUrl) {
    ObjectNode d = Json.object().put("v", 10).put("session_id", "fake-session");
    d.set("user", botUser());
    d.putArray("guilds").addObject().put("id", id).put("unavailable", true);
    d.put("resume_gateway_url", gatewayUrl);
    d.putObject("application").put("id", botId).put("flags", 0);
    d.putArray("private_channels");
    d.putArray("relationships");
    d.putArray("presences");
    d.putArray("_trace").add("fake-discord");
    return d;
  }

  ObjectNode guildCreate() {
    ObjectNode g =
        Json.object()
            .put("id", id)
            .put("name", "Incident Test")
            .put("unavailable", false)
            .put("owner_id", ownerId)
            .put("member_count", 1)
            .put("large", false)
            .put("preferred_locale", "en-US")
            .put("joined_at", "2024-01-01T00:00:00.000000+00:00")
            .put("premium_tier", 0)
            .put("afk_timeout", 300)
            .put("verification_level", 0)
            .put("default_message_notifications", 0)
            .put("explicit_content_filter", 0)
            .put("mfa_level", 0)
            .put("nsfw_level", 0)
            .put("system_channel_flags", 0)
            .put("premium_progress_bar_enabled", false);
    g.putArray("features");
    ArrayNode roleArray = g.putArray("roles");
    roleArray.add(role(id, "@everyone", 0, EVERYONE_PERMISSIONS, false));
    int position = 1;
    for (var role : roles.entrySet()) {
      ObjectNode r = role(role.getValue(), role.getKey(), position++, 0, false);
      r.put("mentionable", mentionableRoles.contains(role.getValue()));
      roleArray.add(r);
    }
    roleArray.add(role(botRoleId, "Incident Bot", position, botPermissions, true));
    ArrayNode channelArray = g.putArray("channels");
    for (String name : CHANNELS) {
      channelArray.add(channelJson(name));
    }
    // "All active threads in the guild that current user has permission to view"
    // (developers/events/gateway-events.mdx, Guild Create): a restarted bot knows its open threads
    ArrayNode threadArray = g.putArray("threads");
    threads.values().stream()
        .filter(t -> !t.path("thread_metadata").path("archived").asBoolean())
        .forEach(t -> threadArray.add(t.deepCopy()));
    g.putArray("members").add(member(botUser(), List.of(botRoleId)));
    for (String empty :
        List.of(
            "voice_states",
            "presences",
            "emojis",
            "stickers",
            "guild_scheduled_events",
            "stage_instances",
            "soundboard_sounds")) {
      g.putArray(empty);
    }
    return g;
  }

  ObjectNode channelJson(String nameOrId) {
    String channelId = channelId(nameOrId);
    if (threads.containsKey(channelId)) {
      return threads.get(channelId).deepCopy();
    }
    String name =
        channels.entrySet().stream()
            .filter(e -> e.getValue().equals(channelId))
            .findFirst()
            .orElseThrow()
            .getKey();
    ObjectNode c =
        Json.object()
            .put("id", channelId)
            .put("type", 0)
            .put("guild_id", id)
            .put("name", name)
            .put("position", CHANNELS.indexOf(name))
            .putNull("parent_id")
            .putNull("topic")
            .put("nsfw", false)
            .put("rate_limit_per_user", 0)
            .putNull("last_message_id")
            .put("flags", 0);
    c.putArray("permission_overwrites");
    return c;
  }

  ObjectNode createThread(String parentId, String messageId, String name) {
    ObjectNode t =
        Json.object()
            .put("id", messageId)
            .put("type", 11)
            .put("guild_id", id)
            .put("parent_id", parentId)
            .put("owner_id", botId)
            .put("name", name)
            .put("member_count", 1)
            .put("message_count", 0)
            .put("total_message_sent", 0)
            .put("rate_limit_per_user", 0)
            .put("flags", 0)
            .putNull("last_message_id");
    t.putObject("thread_metadata")
        .put("archived", false)
        .put("locked", false)
        .put("invitable", true)
        .put("auto_archive_duration", 1440)
        .put("archive_timestamp", java.time.OffsetDateTime.now().toString())
        .put("create_timestamp", java.time.OffsetDateTime.now().toString());
    threads.put(messageId, t);
    return t.deepCopy();
  }

  private static ObjectNode role(
      String id, String name, int position, long perms, boolean managed) {
    ObjectNode r =
        Json.object()
            .put("id", id)
            .put("name", name)
            .put("color", 0)
            .put("hoist", false)
            .put("position", position)
            .put("permissions", Long.toString(perms))
            .put("managed", managed)
            .put("mentionable", false)
            .put("flags", 0);
    r.putObject("colors").put("primary_color", 0);
    return r;
  }
}
