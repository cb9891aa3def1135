package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.OpenAiEmbeddingClient;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores each question by its mean cosine similarity to a positive set minus its mean similarity to
 * a negative set. With unit vectors the mean similarity to a set is the dot product with the set's
 * mean vector, so each question costs two dot products whatever the sets' sizes.
 */
public final class EmbeddingScorer implements QuestionScorer {
  /** Texts per embeddings request. */
  static final int BATCH = 64;

  private final OpenAiEmbeddingClient client;
  private final String model;
  private final List<String> positives;
  private final List<String> negatives;
  private final Progress progress;

  public EmbeddingScorer(
      OpenAiEmbeddingClient client,
      String model,
      List<String> positives,
      List<String> negatives,
      Progress progress) {
    this.client = client;
    this.model = model;
    this.positives = positives;
    this.negatives = negatives;
    this.progress = progress;
  }

  @Override
  public List<Double> scoreAll(List<ObjectNode> rows) throws Exception {
    float[] plus = centroid(embed(positives));
    float[] minus = centroid(embed(negatives));
    List<String> questions = new ArrayList<>(rows.size());
    rows.forEach(r -> questions.add(Rows.text(r, Rows.QUESTION)));
    List<Double> scores = new ArrayList<>(rows.size());
    for (int from = 0; from < questions.size(); from += BATCH) {
      for (float[] v : embed(questions.subList(from, Math.min(questions.size(), from + BATCH)))) {
        float[] unit = unit(v);
        scores.add(dot(unit, plus) - dot(unit, minus));
      }
      progress.report(scores.size(), rows.size());
    }
    return scores;
  }

  private List<float[]> embed(List<String> texts) throws Exception {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      out.addAll(client.embed(model, texts.subList(from, Math.min(texts.size(), from + BATCH))));
    }
    return out;
  }

  private static float[] centroid(List<float[]> vectors) {
    float[] mean = new float[vectors.get(0).length];
    for (float[] v : vectors) {
      float[] u = unit(v);
      for (int i = 0; i < mean.length; i++) {
        mean[i] += u[i] / vectors.size();
      }
    }
    return mean;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float[] u = v.clone();
    if (norm > 0) {
      for (int i = 0; i < u.length; i++) {
        u[i] /= (float) Math.sqrt(norm);
      }
    }
    return u;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
