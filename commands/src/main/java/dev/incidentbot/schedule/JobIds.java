package dev.incidentbot.schedule;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Job ids people can read and type: eight lowercase letters and digits ({@code k3v9q2m4}). */
public final class JobIds {
  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,79}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobIds() {}

  /** A new random id; 32^8 possibilities, so collisions are not a practical concern. */
  public static String random() {
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /** Whether {@code id} is a well-formed job id (random ones and fixed ones like routine-main). */
  public static boolean valid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
