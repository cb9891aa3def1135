package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.decontaminate;
import static dev.distillery.stages.StageFixtures.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import dev.distillery.text.IndelPattern;
import dev.distillery.text.MathQuestions;
import dev.distillery.text.Paraphraser;
import dev.distillery.text.Texts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ratio rule of {@code decontaminate} against an all-pairs oracle, past the sizes where
 * sampling shortcuts change (1,200 benchmark questions): paraphrases of every kind planted in every
 * ratio band from the threshold up, and clean questions. Every row whose best ratio to any
 * benchmark question is at least 75 must go, every other row must stay; recall is checked per band
 * and kind.
 */
class DecontaminationRecallTest {
  private static final int BENCHMARK = 1_200;
  private static final double[][] BANDS = {{75, 80}, {80, 85}, {85, 90}, {90, 95}, {95, 100.01}};

  @TempDir Path dir;

  /**
   * The exact rule, all pairs: the best {@code fuzz.ratio} of {@code text} to any benchmark item.
   */
  static double bestRatio(String text, List<String> benchmark) {
    IndelPattern pattern = new IndelPattern(Texts.normalize(text));
    double best = 0;
    for (String item : benchmark) {
      best = Math.max(best, pattern.ratio(item));
    }
    return best;
  }

  @Test
  void everyRowAtTheThresholdOrAboveGoesAndNoOtherInEveryBandAndKind() throws Exception {
    MathQuestions questions = new MathQuestions(11);
    List<String> benchmark = new ArrayList<>();
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < BENCHMARK; i++) {
      String question = questions.next();
      benchmark.add(Texts.normalize(question));
      ObjectNode row = Rows.JSON.createObjectNode().put("id", "b" + i).put("question", question);
      file.append(Rows.JSON.writeValueAsString(row)).append('\n');
    }
    Path bench = dir.resolve("bench.jsonl");
    Files.writeString(bench, file);

    Paraphraser paraphraser = new Paraphraser(12);
    List<ObjectNode> input = new ArrayList<>();
    Map<String, String> label = new TreeMap<>();
    for (int i = 0; i < 400; i++) {
      input.add(q("clean-" + i, "gen", questions.next()));
      label.put("clean-" + i, "clean");
    }
    int planted = 0;
    for (Paraphraser.Kind kind : Paraphraser.Kind.values()) {
      for (double[] band : BANDS) {
        for (int i = 0; i < 16; i++) {
          String original = benchmark.get((planted * 7919) % BENCHMARK);
          String paraphrase = paraphraser.paraphrase(original, kind, band[0], band[1]);
          if (paraphrase != null) {
            String id = kind + "-" + (int) band[0] + "-" + i;
            input.add(q(id, "gen", paraphrase));
            label.put(id, kind + " " + (int) band[0]);
            planted++;
          }
        }
      }
    }
    assertTrue(planted > 250, "paraphrases planted: " + planted);

    // The n-gram rule off (no question has 500 words): the ratio rule alone.
    RecordingRowSink sink =
        decontaminate(Map.of("benchmarks", List.of(bench.toString()), "ngram", 500), input);

    Set<String> kept = new HashSet<>();
    sink.rows.forEach(r -> kept.add(r.get("id").asText()));
    Map<String, int[]> byBand = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (ObjectNode row : input) {
      String id = row.get("id").asText();
      double best = bestRatio(row.get("question").asText(), benchmark);
      boolean contaminated = best >= 75;
      if (contaminated) {
        String band = "ratio " + (int) (Math.min(best, 99.99) / 5) * 5;
        int[] counts = byBand.computeIfAbsent(band, k -> new int[2]);
        counts[0]++;
        counts[1] += kept.contains(id) ? 0 : 1;
      }
      if (contaminated == kept.contains(id)) {
        wrong.add(
            String.format(
                "%s (%s) best ratio %.1f: %s",
                id, label.get(id), best, kept.contains(id) ? "kept" : "dropped"));
      }
    }
    StringBuilder recall = new StringBuilder();
    byBand.forEach((band, c) -> recall.append(String.format("%s: %d/%d; ", band, c[1], c[0])));
    System.out.println("decontamination recall by band (caught/contaminated): " + recall);
    assertEquals(List.of(), wrong, "recall by band: " + recall);
  }
}
