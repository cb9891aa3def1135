package dev.distillery.llm.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatedFineTunedModelTest {

  private static final double EPS = 1e-12;

  @Test
  void theRuleGrowsWithRightRowsAndSizeBetweenBaseAndCap() {
    assertEquals(0.2, SimulatedFineTunedModel.accuracy(0, 0), EPS);
    assertEquals(0.2, SimulatedFineTunedModel.accuracy(5_000, 0), EPS, "all wrong stays at base");
    assertEquals(0.2 + 0.75 * 0.5, SimulatedFineTunedModel.accuracy(200, 200), EPS);
    assertEquals(0.2 + 0.75 * 0.5 * 0.5, SimulatedFineTunedModel.accuracy(200, 100), EPS);
    assertEquals(0.2 + 0.75 * 2000 / 2200.0, SimulatedFineTunedModel.accuracy(2000, 2000), EPS);
    double previous = 0;
    for (long rows : new long[] {10, 100, 1_000, 10_000, 1_000_000}) {
      double all = SimulatedFineTunedModel.accuracy(rows, rows);
      assertTrue(all > previous && all < 0.95, rows + " rows: " + all);
      assertTrue(SimulatedFineTunedModel.accuracy(rows, rows / 2) < all);
      previous = all;
    }
    assertThrows(IllegalArgumentException.class, () -> SimulatedFineTunedModel.accuracy(3, 4));
  }

  @Test
  void theModelIdCarriesTheAccuracyAndSaysItIsSimulated() {
    String id = SimulatedFineTunedModel.id("simulated-student", "arm-a", 0.57504, "3f9c0a1b");

    assertEquals("ft:simulated-student:arm-a:sim-acc-5750:3f9c0a1b", id);
    assertTrue(SimulatedFineTunedModel.handles(id));
    assertEquals(Optional.of(0.575), SimulatedFineTunedModel.accuracyOf(id));
    String noSuffix = SimulatedFineTunedModel.id("org/base:7b", null, 0.2, "00ff00ff");
    assertEquals("ft:org/base:7b::sim-acc-2000:00ff00ff", noSuffix);
    assertEquals(Optional.of(0.2), SimulatedFineTunedModel.accuracyOf(noSuffix));
    for (String other :
        new String[] {
          "simulated-teacher", "ft:gpt-4o-mini:org:suffix:abc123", "ft:x:y:sim-acc-12:0000ffff"
        }) {
      assertFalse(SimulatedFineTunedModel.handles(other), other);
      assertEquals(Optional.empty(), SimulatedFineTunedModel.accuracyOf(other));
    }
  }
}
