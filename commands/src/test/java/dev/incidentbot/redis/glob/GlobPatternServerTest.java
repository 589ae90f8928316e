package dev.incidentbot.redis.glob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.RedisExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

@DisplayName("Glob matching: the bot's matcher against a real redis-server's SCAN MATCH")
class GlobPatternServerTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private static final int BATCHES = 60;
  private static final int PATTERNS_PER_BATCH = 70;
  private static final int KEYS_PER_BATCH = 160;

  /** Pieces patterns are made of: glob syntax, a few letters, bytes above 0x7f, UTF-8 é. */
  private static final byte[][] PATTERN_PIECES =
      pieces(
          "*", "*", "?", "[", "[", "]", "]", "^", "-", "\\", "\\", "a", "b", "c", "l", ":", "é",
          "\u00ff");

  /** Pieces keys are made of: letters, the glob characters themselves, high bytes. */
  private static final byte[][] KEY_PIECES =
      pieces("a", "b", "c", "l", ":", "]", "[", "^", "-", "\\", "*", "?", "é", "_", "`", "z");

  private static final byte[] RAW_HIGH = {(byte) 0x80, (byte) 0xff, (byte) 0xc3, (byte) 0xa9, 0x01};

  @Test
  @DisplayName("thousands of generated patterns and keys: identical to SCAN MATCH every time")
  void matchesLikeTheServer() {
    long seed = Long.getLong("glob.seed", System.nanoTime());
    var random = new Random(seed);
    int compared = 0;
    int matched = 0;
    try (Jedis jedis = redis.server().client()) {
      for (int batch = 0; batch < BATCHES; batch++) {
        var patterns = new ArrayList<byte[]>();
        for (int i = 0; i < PATTERNS_PER_BATCH; i++) {
          patterns.add(pattern(random));
        }
        Map<String, byte[]> keys = keysFor(patterns, random, batch % 4 == 0);
        ServerGlob.load(jedis, List.copyOf(keys.values()));
        List<Set<String>> server = ServerGlob.scan(jedis, patterns);
        for (int i = 0; i < patterns.size(); i++) {
          GlobPattern glob = GlobPattern.compile(patterns.get(i));
          Set<String> bot = botMatches(glob, patterns.get(i), keys);
          assertThat(bot)
              .as(
                  "seed %d (rerun with -Dglob.seed=%d): pattern %s (hex %s)",
                  seed, seed, glob.text(), ServerGlob.hex(patterns.get(i)))
              .isEqualTo(server.get(i));
          compared += keys.size();
          matched += bot.size();
        }
      }
    }
    // the generator must produce matches as well as misses, or the comparison proves little
    assertThat(matched).as("seed %d", seed).isBetween(compared / 50, compared / 2);
  }

  @Test
  @DisplayName(
      "overlap of generated pattern pairs: a shared key the server matches with both, or none of"
          + " the keys the server matches with one matched with the other")
  void overlapLikeTheServer() {
    long seed = Long.getLong("glob.seed", System.nanoTime());
    var random = new Random(seed);
    int common = 0;
    int disjoint = 0;
    try (Jedis jedis = redis.server().client()) {
      for (int batch = 0; batch < BATCHES / 2; batch++) {
        var patterns = new ArrayList<byte[]>();
        for (int i = 0; i < PATTERNS_PER_BATCH; i += 2) {
          byte[] first = pattern(random);
          patterns.add(first);
          patterns.add(random.nextBoolean() ? pattern(random) : mutate(first, random));
        }
        Map<String, byte[]> keys = keysFor(patterns, random, false);
        ServerGlob.load(jedis, List.copyOf(keys.values()));
        List<Set<String>> server = ServerGlob.scan(jedis, patterns);
        var examples = new LinkedHashMap<Integer, byte[]>();
        for (int i = 0; i + 1 < patterns.size(); i += 2) {
          GlobOverlap overlap =
              GlobPattern.compile(patterns.get(i))
                  .overlap(GlobPattern.compile(patterns.get(i + 1)));
          String pair =
              GlobPattern.show(patterns.get(i)) + " and " + GlobPattern.show(patterns.get(i + 1));
          assertThat(overlap)
              .as("seed %d: %s", seed, pair)
              .isNotInstanceOf(GlobOverlap.Undecided.class);
          boolean eitherBuild =
              GlobPattern.compile(patterns.get(i)).dependsOnCharSignedness()
                  || GlobPattern.compile(patterns.get(i + 1)).dependsOnCharSignedness();
          if (overlap instanceof GlobOverlap.Common c) {
            // a range x86 and ARM read differently: the shared key may be ARM's, not this server's
            if (!eitherBuild) {
              examples.put(i, c.key());
            }
            common++;
          } else {
            var both = new LinkedHashSet<>(server.get(i));
            both.retainAll(server.get(i + 1));
            assertThat(both).as("seed %d: %s were found disjoint", seed, pair).isEmpty();
            disjoint++;
          }
        }
        ServerGlob.load(jedis, List.copyOf(examples.values()));
        List<Set<String>> again = ServerGlob.scan(jedis, patterns);
        examples.forEach(
            (i, key) -> {
              String pair =
                  GlobPattern.show(patterns.get(i))
                      + " and "
                      + GlobPattern.show(patterns.get(i + 1));
              assertThat(again.get(i))
                  .as("seed %d: %s share %s", seed, pair, GlobPattern.show(key))
                  .contains(ServerGlob.hex(key));
              assertThat(again.get(i + 1))
                  .as("seed %d: %s share %s", seed, pair, GlobPattern.show(key))
                  .contains(ServerGlob.hex(key));
            });
      }
    }
    assertThat(common).as("seed %d", seed).isGreaterThan(100);
    assertThat(disjoint).as("seed %d", seed).isGreaterThan(100);
  }

  /**
   * Keys for a batch: each pattern's own text, two keys built along its tokens, random keys up to
   * {@link #KEYS_PER_BATCH}, and the empty key when asked. The empty key is left out of overlap
   * checks: overlap is about non-empty keys, and only SCAN's {@code MATCH *} shortcut and the empty
   * pattern return it.
   */
  private static Map<String, byte[]> keysFor(List<byte[]> patterns, Random random, boolean empty) {
    var keys = new LinkedHashMap<String, byte[]>();
    if (empty) {
      keys.put("", new byte[0]);
    }
    for (byte[] p : patterns) {
      keys.put(ServerGlob.hex(p), p); // the pattern's own text as a key
      for (int k = 0; k < 2; k++) {
        byte[] key = sampleKey(GlobPattern.compile(p), random);
        keys.put(ServerGlob.hex(key), key);
      }
    }
    while (keys.size() < KEYS_PER_BATCH) {
      byte[] key = randomKey(random);
      keys.put(ServerGlob.hex(key), key);
    }
    if (!empty) {
      keys.remove("");
    }
    return keys;
  }

  /**
   * SCAN's own shortcut: {@code MATCH *} exactly skips matching, so it also returns the empty key,
   * which {@code stringmatchlen} would not match.
   */
  private static Set<String> botMatches(
      GlobPattern glob, byte[] pattern, Map<String, byte[]> keys) {
    boolean scanSkipsMatching = pattern.length == 1 && pattern[0] == '*';
    var out = new LinkedHashSet<String>();
    keys.forEach(
        (hex, key) -> {
          if (scanSkipsMatching || glob.matches(key)) {
            out.add(hex);
          }
        });
    return out;
  }

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // the defect: [\]l] is the class of ] and l
        "bu[\\]l]l:*|bull:q:1|true",
        "bu[\\]l]l:*|bu]l:x|true",
        "bu[\\]l]l:*|buxl:x|false",
        // [] closes an empty class; [^] is any byte
        "a[]b|ab|false",
        "a[]b|a]b|false",
        "a[]]|a]|false",
        "a[^]b|axb|true",
        "a[^]b|a]b|true",
        "a[^]]|ax]|true",
        // a range's end may be ]; then the class is unterminated
        "[a-]|]|true",
        "[a-]|_|true",
        "[a-]|a|true",
        "[a-]|-|false",
        "[a-]|b|false",
        "[a-]]|]]|false",
        "[a-]]|a|true",
        "[a-]x|x|true",
        "[a-]x|ax|false",
        // swapped range
        "[z-a]|m|true",
        "[z-a]|-|false",
        // escapes inside classes; a lone \ at the end of a class is itself
        "[\\|\\|true",
        "x[\\|x\\|true",
        "[\\-z]|-|true",
        "[\\-z]|m|false",
        "[a\\-z]|m|false",
        "[--/]|.|true",
        // trailing lone backslash is a literal backslash
        "ab\\|ab\\|true",
        "ab\\|ab|false",
        "a\\*|a*|true",
        "a\\*|ab|false",
        // unterminated classes end with the pattern
        "[abc|b|true",
        "x[abc|xa|true",
        "x[abc|xab|false",
        "x[|x|false",
        "x[|x[|false",
        "x[^|xq|true",
        "x[^|x|false",
        // negation
        "[^a-c]x|dx|true",
        "[^a-c]x|bx|false",
        // ? is one byte; é is two
        "?|é|false",
        "??|é|true",
        "caf?|café|false",
        "caf??|café|true",
        // stars: an empty key matches only the empty pattern
        "a*|a|true",
        "a**b|ab|true",
        "*a*|a|true",
        "a*b*c|abxbc|true",
        "a*b*c|acb|false"
      })
  @DisplayName("tricky parses: the bot and the server agree, and both say what is expected")
  void trickyParses(String pattern, String key, boolean expected) {
    var glob = GlobPattern.compile(pattern);
    assertThat(glob.matches(key)).as("bot").isEqualTo(expected);
    try (Jedis jedis = redis.server().client()) {
      assertThat(
              ServerGlob.matches(
                  jedis,
                  pattern.getBytes(StandardCharsets.UTF_8),
                  key.getBytes(StandardCharsets.UTF_8)))
          .as("server")
          .isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("ranges over bytes above 0x7f compare as signed char, as on this x86 server")
  void signedRanges() {
    byte[] pattern = {'[', 0x01, '-', (byte) 0xff, ']'};
    var glob = GlobPattern.compile(pattern);
    assertThat(glob.dependsOnCharSignedness()).isTrue();
    assertThat(glob.quirks())
        .extracting(GlobQuirk::kind)
        .containsExactly(GlobQuirk.Kind.SIGNEDNESS_DEPENDENT_RANGE);
    try (Jedis jedis = redis.server().client()) {
      for (int b = 0; b < 256; b++) {
        byte[] key = {(byte) b};
        assertThat(glob.matches(key))
            .as("byte %02x", b)
            .isEqualTo(ServerGlob.matches(jedis, pattern, key));
      }
    }
    // x86 reads it as 0xff..0x01 (-1..1); ARM as 0x01..0xff
    assertThat(glob.matches(new byte[] {0x00})).isTrue();
    assertThat(glob.matches(new byte[] {'a'})).isFalse();
    assertThat(glob.matches(new byte[] {'a'}, false)).isTrue();
  }

  @Test
  @DisplayName("a match needing more than 1000 nested stars fails on the server: not exact here")
  void nestingLimit() {
    assertThat(GlobPattern.compile("*a".repeat(1000) + "*").exact()).isTrue();
    assertThat(GlobPattern.compile("*a".repeat(1001)).exact()).isFalse();
    byte[] pattern = ("*a".repeat(1001)).getBytes(StandardCharsets.UTF_8);
    byte[] key = "a".repeat(1001).getBytes(StandardCharsets.UTF_8);
    try (Jedis jedis = redis.server().client()) {
      assertThat(ServerGlob.matches(jedis, pattern, key)).isFalse();
    }
    // the bot's reading is the larger one, so what it protects is never less than the server's
    assertThat(GlobPattern.compile(pattern).matches(key)).isTrue();
  }

  private static byte[] pattern(Random random) {
    var out = new ByteArrayOutputStream();
    int length = random.nextInt(9);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(20) == 0) {
        out.write(RAW_HIGH[random.nextInt(RAW_HIGH.length)]);
      } else {
        out.writeBytes(PATTERN_PIECES[random.nextInt(PATTERN_PIECES.length)]);
      }
    }
    return out.toByteArray();
  }

  /** {@code p} with one byte dropped, replaced by a piece, or a piece inserted. */
  private static byte[] mutate(byte[] p, Random random) {
    var out = new ByteArrayOutputStream();
    int at = random.nextInt(p.length + 1);
    int how = random.nextInt(3);
    out.write(p, 0, at);
    if (how > 0) {
      out.writeBytes(PATTERN_PIECES[random.nextInt(PATTERN_PIECES.length)]);
    }
    int rest = how == 1 ? at : Math.min(p.length, at + 1);
    out.write(p, rest, p.length - rest);
    return out.toByteArray();
  }

  private static byte[] randomKey(Random random) {
    var out = new ByteArrayOutputStream();
    int length = 1 + random.nextInt(6);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(10) == 0) {
        out.write(RAW_HIGH[random.nextInt(RAW_HIGH.length)]);
      } else {
        out.writeBytes(KEY_PIECES[random.nextInt(KEY_PIECES.length)]);
      }
    }
    return out.toByteArray();
  }

  /**
   * A key built along the pattern's tokens (usually one it matches, when the bot reads it right): a
   * byte out of each set, zero to two bytes for each star, and now and then a wrong byte.
   */
  private static byte[] sampleKey(GlobPattern glob, Random random) {
    var out = new ByteArrayOutputStream();
    for (GlobToken t : glob.tokens()) {
      int[] members = t.bytes().members();
      int count = t.isStar() ? random.nextInt(3) : 1;
      for (int i = 0; i < count; i++) {
        boolean wrong = members.length == 0 || random.nextInt(12) == 0;
        byte[] any = KEY_PIECES[random.nextInt(KEY_PIECES.length)];
        if (wrong || t.isStar() && random.nextBoolean()) {
          out.writeBytes(any);
        } else {
          out.write(members[random.nextInt(members.length)]);
        }
      }
    }
    return out.toByteArray();
  }

  private static byte[][] pieces(String... texts) {
    byte[][] out = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      out[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
