package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every key's bucket holds exactly its items (in item order), checked against a map, for keys
 * spread and clustered.
 */
class BandTableTest {
  @Test
  void everyKeyFindsExactlyItsItems() {
    SplittableRandom random = new SplittableRandom(3);
    for (int n : new int[] {1, 2, 3, 17, 1000, 40_000}) {
      int[] keys = new int[n];
      Map<Integer, List<Integer>> expected = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        keys[i] =
            switch (random.nextInt(4)) {
              case 0 -> random.nextInt(); // anywhere, negative too
              case 1 -> random.nextInt(20); // a few small keys, many items each
              case 2 -> Integer.MIN_VALUE + random.nextInt(3); // the edges
              default -> Integer.MAX_VALUE - random.nextInt(3);
            };
        expected.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(i);
      }
      BandTable table = new BandTable(keys);
      for (var entry : expected.entrySet()) {
        List<Integer> found = new ArrayList<>();
        int key = entry.getKey();
        scan(table, key, found);
        assertEquals(entry.getValue(), found, "n " + n + ", key " + key);
      }
      for (int probe = 0; probe < 1000; probe++) {
        int key = random.nextInt();
        if (!expected.containsKey(key)) {
          List<Integer> found = new ArrayList<>();
          scan(table, key, found);
          assertEquals(List.of(), found, "absent key " + key);
        }
      }
    }
  }

  /** The items of {@code key}, as a lookup finds them: its bucket's entries with its key. */
  private static void scan(BandTable table, int key, List<Integer> found) {
    for (int e = table.bucketStart(key); e < table.bucketEnd(key); e++) {
      long entry = table.entry(e);
      if (BandTable.key(entry) == key) {
        found.add(BandTable.item(entry));
      }
    }
  }
}
