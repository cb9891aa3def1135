package dev.distillery.text;

/**
 * LSH banding of MinHash signatures: {@code bands} bands of {@code rows} values each. Two texts
 * whose shingle sets have Jaccard similarity J share at least one band key with probability {@code
 * 1 - (1 - J^rows)^bands}, an S-curve whose midpoint is near {@code (1 / bands)^(1 / rows)}.
 *
 * @param bands the number of bands
 * @param rows signature values per band
 */
public record LshBands(int bands, int rows) {
  /**
   * For decontamination at ratio 75: midpoint near Jaccard 0.29. A paraphrase at ratio 75 can share
   * as few as 40% of its 4-char shingles with the original (a candidate with probability 0.94 at J
   * = 0.4, 0.998 at J = 0.6); unrelated questions, once the common shingles are left out, sit far
   * below (0.04 at J = 0.1).
   */
  public static final LshBands RATIO_75 = new LshBands(42, 3);

  /**
   * For fuzzy dedup at ratio 90: midpoint near Jaccard 0.42 (a candidate with probability 0.92 at J
   * = 0.5, 0.998 at J = 0.6). With 25 bands of 5 (midpoint 0.53), 1 in 10 pairs at ratio 90-95 was
   * missed (DedupRecallTest); 40 bands of 4 caught them but, with fewer shingles left out as
   * common, made 7 times the pairs on the throughput benchmark (5 a row at 10^6 rows).
   */
  public static final LshBands RATIO_90 = new LshBands(80, 5);

  public LshBands {
    if (bands < 1 || rows < 1) {
      throw new IllegalArgumentException("bands and rows must be positive: " + bands + "x" + rows);
    }
  }

  /** The bands for a ratio threshold: {@link #RATIO_90} from 85 up, else {@link #RATIO_75}. */
  public static LshBands forRatio(double threshold) {
    return threshold >= 85 ? RATIO_90 : RATIO_75;
  }

  /**
   * Bands of {@code rows} values such that two texts of Jaccard similarity {@code jaccard} share at
   * least {@code minShared} band keys with probability at least {@code 1 - miss} (at most 400
   * bands).
   */
  public static LshBands forJaccard(double jaccard, int rows, int minShared, double miss) {
    if (!(jaccard > 0 && jaccard <= 1) || !(miss > 0 && miss < 1) || rows < 1 || minShared < 1) {
      throw new IllegalArgumentException(
          "jaccard in (0, 1], miss in (0, 1), rows and minShared >= 1; got "
              + jaccard
              + ", "
              + miss
              + ", "
              + rows
              + ", "
              + minShared);
    }
    for (int bands = minShared; bands < 400; bands++) {
      if (new LshBands(bands, rows).sharing(jaccard, minShared) >= 1 - miss) {
        return new LshBands(bands, rows);
      }
    }
    return new LshBands(400, rows);
  }

  /**
   * The probability that texts of Jaccard similarity {@code jaccard} share at least {@code
   * minShared} band keys: a binomial tail over the bands, each shared with probability {@code
   * jaccard^rows}.
   */
  public double sharing(double jaccard, int minShared) {
    double p = Math.pow(jaccard, rows);
    double below = 0;
    double term = Math.pow(1 - p, bands); // k = 0
    for (int k = 0; k < minShared; k++) {
      below += term;
      term = term * (bands - k) / (k + 1) * (p / (1 - p));
    }
    return p >= 1 ? 1 : Math.max(0, 1 - below);
  }

  /** Signature values used: {@code bands * rows}. */
  public int bins() {
    return bands * rows;
  }

  /** The key of band {@code band} of {@code signature}, mixed with the band number. */
  public long key(int[] signature, int band) {
    long h = 0x9E3779B97F4A7C15L * (band + 1);
    int from = band * rows;
    for (int i = from; i < from + rows; i++) {
      h = (h ^ (signature[i] & 0xFFFFFFFFL)) * 0xC2B2AE3D27D4EB4FL;
      h = Long.rotateLeft(h, 29);
    }
    return Texts.mix(h);
  }
}
