package dev.distillery.llm.simulated;

import java.util.Locale;

/**
 * The simulator's embedding model {@value #MODEL}: hashed word unigrams and bigrams in {@value
 * #DIMENSIONS} dimensions, L2-normalized. Texts sharing words are close, which is all a test of an
 * embedding score needs; a pure function of the text.
 */
final class SimulatedEmbedding {
  static final String MODEL = "simulated-embedding";
  static final int DIMENSIONS = 64;

  private SimulatedEmbedding() {}

  static float[] embed(String text) {
    float[] v = new float[DIMENSIONS];
    String previous = null;
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) {
        continue;
      }
      add(v, word);
      if (previous != null) {
        add(v, previous + " " + word);
      }
      previous = word;
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm > 0) {
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= scale;
      }
    }
    return v;
  }

  private static void add(float[] v, String token) {
    int h = token.hashCode() * 0x9E3779B1;
    v[(h >>> 8) % DIMENSIONS] += (h & 1) == 0 ? 1 : -1;
  }
}
