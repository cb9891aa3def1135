package dev.distillery.stages.scoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A fastText-style linear classifier: hashed word unigrams and bigrams, logistic regression trained
 * by SGD. Small and deterministic for a seed; enough to tell one source's questions from another's,
 * which is what the {@code classifier} score needs.
 */
public final class HashedLinearClassifier {
  private static final int BUCKETS = 1 << 20;
  private static final int EPOCHS = 8;
  private static final double LEARNING_RATE = 0.2;

  private final float[] weights = new float[BUCKETS];
  private float bias;

  private HashedLinearClassifier() {}

  /** Trains on positive and negative texts; {@code seed} fixes the order of the examples. */
  public static HashedLinearClassifier train(
      List<String> positives, List<String> negatives, long seed) {
    List<int[]> features = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    positives.forEach(
        t -> {
          features.add(features(t));
          labels.add(1);
        });
    negatives.forEach(
        t -> {
          features.add(features(t));
          labels.add(0);
        });
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      order.add(i);
    }
    HashedLinearClassifier model = new HashedLinearClassifier();
    Random random = new Random(seed);
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      Collections.shuffle(order, random);
      double rate = LEARNING_RATE * (1.0 - (double) epoch / EPOCHS);
      for (int i : order) {
        int[] x = features.get(i);
        double gradient = labels.get(i) - model.probability(x);
        double step = rate * gradient / Math.sqrt(Math.max(1, x.length));
        for (int f : x) {
          model.weights[f] += (float) step;
        }
        model.bias += (float) (rate * gradient);
      }
    }
    return model;
  }

  /** The probability that {@code text} is of the positive class. */
  public double probability(String text) {
    return probability(features(text));
  }

  private double probability(int[] x) {
    double z = bias;
    double scale = 1.0 / Math.sqrt(Math.max(1, x.length));
    for (int f : x) {
      z += weights[f] * scale;
    }
    return 1.0 / (1.0 + Math.exp(-z));
  }

  static int[] features(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    List<Integer> out = new ArrayList<>();
    String previous = null;
    for (String w : words) {
      if (w.isEmpty()) {
        continue;
      }
      out.add(bucket(w));
      if (previous != null) {
        out.add(bucket(previous + " " + w));
      }
      previous = w;
    }
    int[] x = new int[out.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = out.get(i);
    }
    return x;
  }

  private static int bucket(String token) {
    int h = token.hashCode() * 0x9E3779B1;
    return (h ^ (h >>> 15)) & (BUCKETS - 1);
  }
}
