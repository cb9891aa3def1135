package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LshPairsTest {
  @TempDir Path dir;

  /** The pairs by their definition: per band, each row with the group's first LEADERS before it. */
  private static long[] naivePairs(LshBands lsh, List<int[]> signatures) {
    TreeSet<Long> pairs = new TreeSet<>();
    for (int band = 0; band < lsh.bands(); band++) {
      Map<Integer, List<Integer>> groups = new HashMap<>();
      for (int row = 0; row < signatures.size(); row++) {
        List<Integer> group =
            groups.computeIfAbsent(
                (int) lsh.key(signatures.get(row), band), k -> new ArrayList<>());
        for (int i = 0; i < Math.min(group.size(), LshPairs.LEADERS); i++) {
          pairs.add((long) row << 32 | group.get(i));
        }
        group.add(row);
      }
    }
    return pairs.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void spillingToDiskGivesTheSamePairsAsMemoryAndAsTheDefinitionAndCleansUp() throws Exception {
    LshBands lsh = new LshBands(6, 2);
    Random random = new Random(7);
    LshPairs memory = new LshPairs(lsh);
    List<int[]> signatures = new ArrayList<>();
    // 100 bytes of budget: 4 rows a chunk, so 5,000 rows spill many chunks plus a partial one.
    try (LshPairs spilling = new LshPairs(lsh, 100, dir)) {
      for (int row = 0; row < 5_001; row++) {
        int[] signature = new int[lsh.bins()];
        for (int i = 0; i < signature.length; i++) {
          // Few distinct values, so bands collide and groups exceed LEADERS.
          signature[i] = random.nextInt(6);
        }
        signatures.add(signature);
        memory.add(signature);
        spilling.add(signature);
      }
      assertTrue(spilling.spilled());
      assertFalse(memory.spilled());
      long[] expected = memory.pairs();
      assertTrue(expected.length > 10_000);
      assertArrayEquals(expected, spilling.pairs());
      assertArrayEquals(naivePairs(lsh, signatures), expected);
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.findAny().isEmpty(), "spill files deleted on close");
    }
  }

  @Test
  void rowsBeyondTheLeadersOfAGroupAreCounted() throws Exception {
    LshBands lsh = new LshBands(3, 2);
    int copies = LshPairs.LEADERS + 10;
    try (LshPairs pairs = new LshPairs(lsh)) {
      for (int row = 0; row < copies; row++) {
        pairs.add(new int[] {1, 2, 3, 4, 5, 6});
      }
      pairs.add(new int[] {7, 8, 9, 10, 11, 12});
      long[] found = pairs.pairs();
      assertTrue(found.length < copies * (copies - 1) / 2, "pairs are capped: " + found.length);
      org.junit.jupiter.api.Assertions.assertEquals(10L * lsh.bands(), pairs.beyondLeaders());
    }
  }
}
