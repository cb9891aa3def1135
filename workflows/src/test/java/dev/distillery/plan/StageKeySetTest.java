package dev.distillery.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The compact set that counts a sweep's unique stages. */
class StageKeySetTest {
  private static String key(int i) {
    return ContentAddress.sha256(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void countsEachContentAddressOnceThroughEveryGrowth() {
    StageKeySet keys = new StageKeySet();
    for (int i = 0; i < 100_000; i++) {
      assertTrue(keys.add(key(i)), "new: " + i);
    }
    for (int i = 0; i < 100_000; i += 7) {
      assertFalse(keys.add(key(i)), "again: " + i);
      assertFalse(keys.add(key(i).toUpperCase()), "hex in either case: " + i);
    }
    assertEquals(100_000, keys.size());
    assertFalse(keys.full());
  }

  @Test
  void keysThatDifferOnlyInTheirFirst128BitsAreTwoAndAnAllZeroKeyIsOne() {
    StageKeySet keys = new StageKeySet();
    String zeros = "0".repeat(64);
    assertTrue(keys.add(zeros));
    assertFalse(keys.add(zeros));
    assertTrue(keys.add("1" + "0".repeat(63)));
    assertTrue(keys.add("0".repeat(16) + "1" + "0".repeat(47)));
    assertEquals(3, keys.size());
  }

  @Test
  void aLimitBoundsTheSetAndSaysSo() {
    StageKeySet keys = new StageKeySet(10);
    for (int i = 0; i < 20; i++) {
      assertEquals(i < 10, keys.add(key(i)), "key " + i);
    }
    assertTrue(keys.full());
    assertEquals(10, keys.size());
    assertFalse(keys.add(key(3)), "a key it holds is still held");
  }

  @Test
  void somethingThatIsNotAContentAddressIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StageKeySet().add("stage/dedup"));
    assertThrows(IllegalArgumentException.class, () -> new StageKeySet().add("g".repeat(64)));
  }
}
