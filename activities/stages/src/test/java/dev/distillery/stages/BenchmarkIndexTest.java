package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.text.BitSketches;
import dev.distillery.text.LshBands;
import dev.distillery.text.MinHash;
import dev.distillery.text.NgramUnit;
import dev.distillery.text.NormalizedText;
import dev.distillery.text.TextNormalization;
import dev.distillery.text.VariedQuestions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link BenchmarkIndex#candidates} calls back exactly the items the rule it implements names, each
 * once, checked against a plain loop over every item: the item's length can reach the threshold, it
 * shares at least {@link BenchmarkIndex#MIN_SHARED_BANDS} band keys with the question, and its
 * signature agrees with the question's on {@link BitSketches#minAgree} low bytes. Questions are
 * copies (sharing every band: past 255 shared bands at threshold 50, whose LSH has 400), cut copies
 * at the edge of the length bound, copies with words dropped, and fresh questions.
 */
class BenchmarkIndexTest {
  @Test
  void candidatesAreExactlyTheItemsTheRuleNamesEachOnce() {
    for (double threshold : new double[] {50, 75, 90}) {
      VariedQuestions questions = new VariedQuestions(7);
      SplittableRandom random = new SplittableRandom(8);
      BenchmarkIndex index =
          new BenchmarkIndex(13, NgramUnit.of("tokens"), TextNormalization.NONE, threshold);
      List<String> items = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String text =
            normalized(i % 5 == 4 ? items.get(random.nextInt(i)) + " also" : questions.next());
        items.add(text);
        index.add(new BenchmarkItem("b.jsonl", null, i + 1, text));
      }
      LshBands lsh = index.lsh();
      assertTrue(threshold != 50 || lsh.bands() > 255, "bands at 50: " + lsh.bands());
      MinHash minHash = new MinHash(lsh.bins());
      int minAgree = BitSketches.minAgree(lsh.bins(), BenchmarkIndex.designJaccard(threshold));
      List<int[]> signatures = new ArrayList<>();
      items.forEach(item -> signatures.add(minHash.signature(item)));
      int checked = 0;
      for (int q = 0; q < 300; q++) {
        String item = items.get(random.nextInt(items.size()));
        String raw =
            switch (q % 4) {
              case 0 -> item;
              case 1 ->
                  item.substring(0, (int) (item.length() * (0.55 + random.nextDouble() * 0.4)));
              case 2 -> item.replaceFirst(" \\S+ ", " ");
              default -> questions.next();
            };
        String question = normalized(raw);
        int[] signature = minHash.signature(question);
        TreeMap<Integer, Integer> expected = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
          int m = question.length();
          int n = items.get(i).length();
          boolean lengthOk =
              n >= Math.floor(m * threshold / (200 - threshold))
                  && n <= Math.ceil(m * (200 - threshold) / threshold);
          int shared = 0;
          for (int b = 0; b < lsh.bands(); b++) {
            shared += (int) lsh.key(signature, b) == (int) lsh.key(signatures.get(i), b) ? 1 : 0;
          }
          int agree = 0;
          for (int k = 0; k < lsh.bins(); k++) {
            agree += (signature[k] & 0xFF) == (signatures.get(i)[k] & 0xFF) ? 1 : 0;
          }
          if (lengthOk && shared >= BenchmarkIndex.MIN_SHARED_BANDS && agree >= minAgree) {
            expected.put(i, 1);
          }
        }
        TreeMap<Integer, Integer> found = new TreeMap<>();
        index.candidates(new NormalizedText().set(question), i -> found.merge(i, 1, Integer::sum));
        assertEquals(expected, found, "threshold " + threshold + ", question " + q);
        checked += expected.size();
      }
      assertTrue(checked > 200, "candidates checked at " + threshold + ": " + checked);
    }
  }

  private static String normalized(String text) {
    return new NormalizedText().set(text).toString();
  }
}
