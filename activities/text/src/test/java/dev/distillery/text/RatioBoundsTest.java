package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RatioBounds} never leaves out a text whose ratio reaches the threshold, checked over all
 * pairs against the textbook LCS, on texts built to sit on the bounds: tiny alphabets, anagrams,
 * lengths on both edges of the length bound, chars beyond ASCII that share a count class, empty
 * texts.
 */
class RatioBoundsTest {
  private static String randomText(SplittableRandom random, String alphabet, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static List<String> adversarialTexts(SplittableRandom random) {
    List<String> texts = new ArrayList<>();
    texts.add("");
    texts.add("a");
    String[] alphabets = {"ab", "abc ", "0123456789+=", "\u00e9\u00e8\u4e00\u4e01\u03b1\u03b2 x"};
    for (int i = 0; i < 120; i++) {
      String alphabet = alphabets[random.nextInt(alphabets.length)];
      String base = randomText(random, alphabet, 1 + random.nextInt(40));
      texts.add(base);
      // An anagram passes the count bound whatever its order.
      List<Character> chars = new ArrayList<>();
      base.chars().forEach(c -> chars.add((char) c));
      java.util.Collections.shuffle(chars, new java.util.Random(random.nextLong()));
      StringBuilder anagram = new StringBuilder();
      chars.forEach(anagram::append);
      texts.add(anagram.toString());
      // Lengths on the edge of the length bound at 75: 3/5 and 5/3 of the base.
      texts.add(base + base.substring(0, base.length() * 2 / 3));
      texts.add(base.substring(0, Math.max(0, base.length() * 3 / 5)));
    }
    return texts;
  }

  @Test
  void noTextWithinTheThresholdIsLeftOutAndOthersAreCut() {
    SplittableRandom random = new SplittableRandom(7);
    List<String> texts = adversarialTexts(random);
    double[][] ratios = new double[texts.size()][texts.size()];
    for (int q = 0; q < texts.size(); q++) {
      for (int i = 0; i < texts.size(); i++) {
        ratios[q][i] = TextbookLcs.ratio(texts.get(q), texts.get(i));
      }
    }
    for (double threshold : new double[] {1, 50, 75, 90, 99.5, 100}) {
      RatioBounds bounds = new RatioBounds(texts, threshold);
      assertEquals(texts.size(), bounds.size());
      long within = 0;
      long passed = 0;
      long pairs = 0;
      for (int q = 0; q < texts.size(); q++) {
        String query = texts.get(q);
        Set<Integer> possible = new HashSet<>();
        bounds.forEachPossible(query, possible::add);
        for (int i = 0; i < texts.size(); i++) {
          pairs++;
          if (ratios[q][i] >= threshold) {
            within++;
            assertTrue(
                possible.contains(i), () -> "'" + query + "' left out a text within " + threshold);
          }
        }
        passed += possible.size();
      }
      assertTrue(within > texts.size(), "every text is within any threshold of itself");
      if (threshold >= 75) {
        assertTrue(
            passed < pairs / 2,
            "at " + threshold + " the bounds cut most pairs: " + passed + " of " + pairs);
      }
    }
  }

  /**
   * Counts above 65,535 of one char are split over entries; the bound must still count them all.
   */
  @Test
  void countsBeyondSixteenBitsStillCount() {
    String many = "a".repeat(70_000);
    String fewer = "a".repeat(66_000) + "b".repeat(4_000);
    RatioBounds bounds = new RatioBounds(List.of(many, fewer), 99.5);
    Set<Integer> possible = new HashSet<>();
    bounds.forEachPossible(many, possible::add);
    // Ratio 100 with itself; with the other, 200 * 66,000 / 140,000 = 94.3, below 99.5.
    assertEquals(Set.of(0), possible);
  }
}
