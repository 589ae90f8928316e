package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.glob.GlobOverlap;
import dev.incidentbot.redis.glob.ServerGlob;
import dev.incidentbot.testing.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

@DisplayName("A generated search for purge patterns that reach protected keys without a refusal")
class ProtectedPatternSearchTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private static final Logger log = LoggerFactory.getLogger(ProtectedPatternSearchTest.class);
  private static final int PATTERNS = 4000;

  /** Keys the default protected patterns (bull:*, rq:*, session:*) cover. */
  private static final List<String> PROTECTED_KEYS =
      List.of(
          "bull:q:1",
          "bull:q:id",
          "bull:",
          "bull:x:completed",
          "rq:job:1",
          "rq:queue:default",
          "rq:",
          "rq::",
          "session:abc",
          "session:",
          "session:u:42",
          "session:[x]");

  /** Keys next to them that no protected pattern covers. */
  private static final List<String> OTHER_KEYS =
      List.of(
          "bul:x",
          "bulls",
          "bu]l:x",
          "bu]ll:x",
          "bu\\ll:x",
          "rq",
          "rqx:1",
          "r:q",
          "sessions",
          "session",
          "sess:1",
          "se]sion:1",
          "cache:1",
          "cache:bull:1");

  private static final String[] SUFFIXES = {
    "*", "*", "q:*", "*:1", "", "?", "??*", "[0-9]", "[a-z]*", "[^x]*", "\\*", "*[\\]]", "x*"
  };

  @Test
  @DisplayName(
      "every generated pattern whose SCAN MATCH returns a protected key is refused, with a key"
          + " both patterns really match")
  void noPatternReachesProtectedKeysUnrefused() {
    Target target = Target.standalone("main", redis.server().url());
    long seed = Long.getLong("glob.seed", System.nanoTime());
    var random = new Random(seed);
    var accepted = new ArrayList<KeyPattern>();
    for (int i = 0; i < PATTERNS; i++) {
      try {
        accepted.add(KeyPattern.forPurge(nearProtected(random)));
      } catch (UserFacingException tooBroadOrConfusing) {
        // forPurge's own rules; the search is about what they let through
      }
    }
    var keys = new ArrayList<byte[]>();
    PROTECTED_KEYS.forEach(k -> keys.add(utf8(k)));
    OTHER_KEYS.forEach(k -> keys.add(utf8(k)));
    Set<String> protectedHex =
        Set.copyOf(PROTECTED_KEYS.stream().map(k -> ServerGlob.hex(utf8(k))).toList());

    int reaching = 0;
    var refusals = new ArrayList<String[]>();
    try (Jedis jedis = redis.server().client()) {
      ServerGlob.load(jedis, keys);
      // the keys called protected really are, on the server
      List<Set<String>> covered =
          ServerGlob.scan(jedis, Target.DEFAULT_PROTECTED.stream().map(p -> utf8(p)).toList());
      assertThat(covered.stream().flatMap(Set::stream)).containsAll(protectedHex);

      List<Set<String>> found =
          ServerGlob.scan(jedis, accepted.stream().map(p -> utf8(p.text())).toList());
      for (int i = 0; i < accepted.size(); i++) {
        KeyPattern pattern = accepted.get(i);
        boolean reachesProtected = found.get(i).stream().anyMatch(protectedHex::contains);
        String refusal = refusal(target, pattern);
        reaching += reachesProtected ? 1 : 0;
        if (reachesProtected) {
          assertThat(refusal)
              .as("seed %d: %s reaches protected keys on the server", seed, pattern.text())
              .isNotNull();
        }
        if (refusal != null) {
          refusals.add(evidence(pattern, target));
        }
      }
      // each refusal's example key is one the server matches with both patterns
      var examples = new ArrayList<byte[]>();
      var patterns = new ArrayList<byte[]>();
      for (String[] r : refusals) {
        examples.add(utf8(r[2]));
        patterns.add(utf8(r[0]));
        patterns.add(utf8(r[1]));
      }
      ServerGlob.load(jedis, examples);
      List<Set<String>> matched = ServerGlob.scan(jedis, patterns);
      for (int i = 0; i < refusals.size(); i++) {
        String example = ServerGlob.hex(examples.get(i));
        assertThat(matched.get(2 * i))
            .as("seed %d: %s's example %s", seed, refusals.get(i)[0], refusals.get(i)[2])
            .contains(example);
        assertThat(matched.get(2 * i + 1))
            .as("seed %d: protected %s's example %s", seed, refusals.get(i)[1], refusals.get(i)[2])
            .contains(example);
      }
    }
    // the generator must find both kinds, or the search proves little
    log.info(
        "seed {}: {} patterns, {} accepted by forPurge, {} reach protected keys, {} refused",
        seed,
        PATTERNS,
        accepted.size(),
        reaching,
        refusals.size());
    assertThat(accepted).as("seed %d", seed).hasSizeGreaterThan(PATTERNS / 4);
    assertThat(reaching).as("seed %d", seed).isGreaterThan(accepted.size() / 10);
    assertThat(accepted.size() - refusals.size())
        .as("seed %d: accepted patterns that are not refused", seed)
        .isGreaterThan(accepted.size() / 10);
  }

  @Test
  @DisplayName("a pattern too long to compare with a protected one is refused, saying why")
  void undecidedIsRefused() {
    Target target =
        new Target(
            "main",
            Mode.STANDALONE,
            RedisEndpoint.parse(redis.server().url()),
            null,
            List.of(),
            List.of(),
            Target.DEFAULT_TIMEOUT,
            Thresholds.DEFAULTS,
            List.of("q:" + "*x".repeat(2_000)),
            List.of());
    KeyPattern pattern = KeyPattern.forPurge("cache:" + "?".repeat(240));
    assertThatThrownBy(() -> PurgeKeysAction.checkProtected(target, pattern))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("cannot be proved to leave protected pattern q:*x*x")
        .hasMessageContaining("too long to compare");
  }

  /** The refusal's message, or null when checkProtected lets the pattern through. */
  private static String refusal(Target target, KeyPattern pattern) {
    try {
      PurgeKeysAction.checkProtected(target, pattern);
      return null;
    } catch (UserFacingException e) {
      return e.getMessage();
    }
  }

  /**
   * The purge pattern, the protected pattern it is refused for, and the example key, checking the
   * message names both.
   */
  private static String[] evidence(KeyPattern pattern, Target target) {
    for (String p : target.protectedPatterns()) {
      if (pattern.overlap(KeyPattern.parse(p)) instanceof GlobOverlap.Common common) {
        assertThatThrownBy(() -> PurgeKeysAction.checkProtected(target, pattern))
            .hasMessageContaining("protected pattern " + p)
            .hasMessageContaining("both match the key \"" + common.shown() + "\"");
        return new String[] {pattern.text(), p, common.shown()};
      }
    }
    throw new AssertionError(pattern.text() + " was refused, but overlaps no protected pattern");
  }

  /**
   * A purge pattern near bull:*, rq:* or session:*: each character of the prefix kept, escaped, put
   * in a class (alone, with others, with an escaped ]), in a range (containing it or not), negated,
   * replaced by ? or *, dropped or changed; then a suffix.
   */
  private static String nearProtected(Random random) {
    String base = List.of("bull:", "rq:", "session:").get(random.nextInt(3));
    var sb = new StringBuilder();
    for (int k = 0; k < base.length(); k++) {
      char c = base.charAt(k);
      // forPurge wants two literal bytes first: mostly give it those, now and then test it
      sb.append(k < 2 && random.nextInt(8) != 0 ? literalVariant(c, random) : variant(c, random));
    }
    sb.append(SUFFIXES[random.nextInt(SUFFIXES.length)]);
    return sb.toString();
  }

  private static String literalVariant(char c, Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> "\\" + c;
      case 1 -> "[" + c + "]";
      case 2 -> "[" + c + "-" + c + "]";
      case 3 -> String.valueOf("abcxyz]l:s".charAt(random.nextInt(10)));
      default -> String.valueOf(c);
    };
  }

  private static String variant(char c, Random random) {
    char other = "abcxyz]l:s".charAt(random.nextInt(10));
    String o = other == ']' ? "\\]" : String.valueOf(other);
    return switch (random.nextInt(16)) {
      case 0 -> "\\" + c;
      case 1 -> "[" + c + "]";
      case 2 -> "[" + o + c + "]";
      case 3 -> "[\\]" + c + "]";
      case 4 -> "[" + c + "\\]]";
      case 5 -> "[" + (char) (c - 1) + "-" + (char) (c + 1) + "]";
      case 6 -> "[" + (char) (c + 1) + "-" + (char) (c - 1) + "]";
      case 7 -> "[" + (char) (c + 1) + "-" + (char) (c + 3) + "]";
      case 8 -> "[^" + o + "]";
      case 9 -> "[^" + c + "]";
      case 10 -> "?";
      case 11 -> "*";
      case 12 -> "";
      case 13 -> o;
      default -> String.valueOf(c);
    };
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
