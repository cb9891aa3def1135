package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Band counts and sharing probabilities, against simulation and the binomial definition. */
class LshBandsTest {

  /** P(at least k of b bands shared), each with probability p: 1 - sum of the binomial terms. */
  private static double tail(int b, double p, int k) {
    double below = 0;
    for (int i = 0; i < k; i++) {
      double choose = 1;
      for (int j = 0; j < i; j++) {
        choose = choose * (b - j) / (j + 1);
      }
      below += choose * Math.pow(p, i) * Math.pow(1 - p, b - i);
    }
    return 1 - below;
  }

  @Test
  void sharingIsTheBinomialTailAndMatchesSimulation() {
    SplittableRandom random = new SplittableRandom(1);
    for (double j : new double[] {0.1, 0.28, 0.5, 0.9}) {
      for (int rows = 1; rows <= 4; rows++) {
        for (int k = 1; k <= 3; k++) {
          LshBands lsh = new LshBands(37, rows);
          assertEquals(tail(37, Math.pow(j, rows), k), lsh.sharing(j, k), 1e-9);
          int hits = 0;
          for (int trial = 0; trial < 20_000; trial++) {
            int shared = 0;
            for (int b = 0; b < 37; b++) {
              boolean all = true;
              for (int r = 0; r < rows; r++) {
                all &= random.nextDouble() < j;
              }
              shared += all ? 1 : 0;
            }
            hits += shared >= k ? 1 : 0;
          }
          assertEquals(lsh.sharing(j, k), hits / 20_000.0, 0.015, j + " " + rows + " " + k);
        }
      }
    }
  }

  @Test
  void forJaccardTakesTheFewestBandsThatReachTheTarget() {
    LshBands lsh = LshBands.forJaccard(0.28, 2, 2, 0.003);
    assertTrue(lsh.sharing(0.28, 2) >= 0.997);
    assertTrue(new LshBands(lsh.bands() - 1, 2).sharing(0.28, 2) < 0.997);
    assertEquals(2, lsh.rows());
  }
}
