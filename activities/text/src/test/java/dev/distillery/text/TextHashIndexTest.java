package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextHashIndexTest {
  @Test
  void returnsTheFirstIdOfEachTextThroughGrowth() {
    TextHashIndex index = new TextHashIndex();
    for (int i = 0; i < 50_000; i++) {
      assertNull(index.putIfAbsent("text " + i, "id-" + i + "-é"));
    }
    for (int i = 0; i < 50_000; i += 7) {
      assertEquals("id-" + i + "-é", index.putIfAbsent("text " + i, "later"));
    }
    assertEquals(50_000, index.size());
  }
}
