package dev.distillery.grading;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A multiple-choice item's choices in shuffled order, as GPQA evaluation presents them: the correct
 * answer lands at a position fixed by the item and the seed, so a model cannot lean on "the answer
 * is always A" and every run of the same seed asks the same question.
 *
 * @param choices the choices in the order to present them, labelled A, B, C, ...
 * @param order {@code order.get(i)} is the original index of the choice shown at position i
 * @param correctLetter the letter of the correct choice after shuffling
 */
public record ShuffledChoices(List<String> choices, List<Integer> order, char correctLetter) {
  public ShuffledChoices {
    choices = List.copyOf(choices);
    order = List.copyOf(order);
  }

  /**
   * Shuffles {@code choices}, of which {@code correct} (an index) is right, for item {@code itemId}
   * under {@code seed}. Deterministic on every JVM: a Fisher-Yates shuffle (for i from n-1 down to
   * 1, swap i with {@code nextInt(i + 1)}) driven by {@code java.util.Random} seeded with {@code
   * seed} XOR the first 8 bytes (big-endian) of the SHA-256 of the item id in UTF-8. The same item
   * and seed give the same order; another seed gives an independent one. It does not reproduce the
   * order of Python's {@code random.shuffle}.
   *
   * @throws IllegalArgumentException if there are more than 26 choices or {@code correct} is out of
   *     range
   */
  public static ShuffledChoices shuffle(
      List<String> choices, int correct, String itemId, long seed) {
    if (choices.size() > 26 || correct < 0 || correct >= choices.size()) {
      throw new IllegalArgumentException(
          "need at most 26 choices and a correct index among them, got "
              + choices.size()
              + " choices and index "
              + correct);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < choices.size(); i++) {
      order.add(i);
    }
    Random random = new Random(seedOf(itemId + "\n" + seed));
    for (int i = order.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer swap = order.get(i);
      order.set(i, order.get(j));
      order.set(j, swap);
    }
    List<String> shuffled = new ArrayList<>();
    for (int index : order) {
      shuffled.add(choices.get(index));
    }
    return new ShuffledChoices(shuffled, order, (char) ('A' + order.indexOf(correct)));
  }

  private static long seedOf(String itemId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(itemId.getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (digest[i] & 0xff);
      }
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
