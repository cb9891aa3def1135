package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptRowsTest {
  @TempDir Path dir;

  @Test
  void rowsBeyondTheBudgetComeBackFromDiskAndTheFileGoesAway() throws Exception {
    // Room for about two rows in memory; the rest spill.
    try (KeptRows kept = new KeptRows(500, dir)) {
      for (int row = 0; row < 100; row++) {
        kept.put(row, new KeptRow("id-" + row, "question é " + "x".repeat(row)));
      }
      assertTrue(kept.spilled());
      for (int row = 0; row < 100; row += 3) {
        kept.remove(row);
      }
      for (int row = 0; row < 100; row++) {
        KeptRow back = kept.get(row);
        if (row % 3 == 0) {
          assertNull(back);
        } else {
          assertEquals(new KeptRow("id-" + row, "question é " + "x".repeat(row)), back);
        }
      }
      assertNull(kept.get(1000));
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.findAny().isEmpty(), "the spill file is deleted on close");
    }
  }
}
