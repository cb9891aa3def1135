package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link BitSketches} counts agreeing low bytes as a plain loop over the signatures does. */
class BitSketchesTest {
  @Test
  void agreementEqualsTheCountOfEqualLowBytes() {
    SplittableRandom random = new SplittableRandom(5);
    for (int bins : new int[] {1, 7, 64, 65, 198, 300}) {
      int items = 50;
      int[][] signatures = new int[items][bins];
      BitSketches sketches = new BitSketches(bins, items);
      for (int i = 0; i < items; i++) {
        for (int k = 0; k < bins; k++) {
          signatures[i][k] = random.nextInt(4) == 0 ? k * 31 : random.nextInt();
        }
        sketches.set(i, signatures[i]);
      }
      int[] query = signatures[random.nextInt(items)].clone();
      for (int k = 0; k < bins; k += 3) {
        query[k] = random.nextInt();
      }
      sketches.setQuery(query);
      for (int i = 0; i < items; i++) {
        int all = 0;
        for (int k = 0; k < bins; k++) {
          boolean agree = (query[k] & 0xFF) == (signatures[i][k] & 0xFF);
          all += agree ? 1 : 0;
        }
        assertEquals(all, sketches.agree(i), "bins of item " + i + " at " + bins);
      }
    }
  }

  @Test
  void minAgreeSitsUnderTheMeanOfThePairsItIsFor() {
    int bins = 198;
    double p = 0.28 + 0.72 / 256;
    int min = BitSketches.minAgree(bins, 0.28);
    assertTrue(min < bins * p && min > bins * p - 4 * Math.sqrt(bins * p * (1 - p)), "" + min);
  }
}
