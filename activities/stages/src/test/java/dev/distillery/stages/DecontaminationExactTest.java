package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.decontaminate;
import static dev.distillery.stages.StageFixtures.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import dev.distillery.text.MathQuestions;
import dev.distillery.text.Paraphraser;
import dev.distillery.text.TextbookLcs;
import dev.distillery.text.Texts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ratio_mode: exact} is the ratio rule to the letter: on 60 benchmark questions and 90
 * candidates (5,400 pairs) it drops exactly the rows an all-pairs textbook LCS finds within the
 * threshold, with the similarity it reports, including rows built to be invisible to MinHash (every
 * fourth char replaced: ratio 75, no 4-char shingle left in common) that the fast mode keeps.
 */
class DecontaminationExactTest {
  @TempDir Path dir;

  /** Every {@code every}-th char replaced by one the question does not hold. */
  private static String masked(String text, int every) {
    StringBuilder out = new StringBuilder(text);
    for (int i = every - 1; i < out.length(); i += every) {
      out.setCharAt(i, '#');
    }
    return out.toString();
  }

  @Test
  void exactModeDropsWhatTheAllPairsOracleDrops() throws Exception {
    MathQuestions questions = new MathQuestions(41);
    Paraphraser paraphraser = new Paraphraser(42);
    SplittableRandom random = new SplittableRandom(43);
    List<String> benchmark = new ArrayList<>();
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      String question = questions.next();
      benchmark.add(question);
      file.append(
              Rows.JSON.writeValueAsString(
                  Rows.JSON.createObjectNode().put("id", "b" + i).put("question", question)))
          .append('\n');
    }
    Path bench = dir.resolve("bench.jsonl");
    Files.writeString(bench, file);

    List<ObjectNode> input = new ArrayList<>();
    Map<String, String> texts = new HashMap<>();
    Paraphraser.Kind[] kinds = Paraphraser.Kind.values();
    for (int i = 0; i < 90; i++) {
      String source = Texts.normalize(benchmark.get(random.nextInt(benchmark.size())));
      String text =
          switch (i % 6) {
            case 0 -> masked(source, 4);
            case 1 -> masked(source, 3);
            case 2, 3 -> {
              double low = 70 + 5 * random.nextInt(6);
              String p = paraphraser.paraphrase(source, kinds[i % kinds.length], low, low + 5);
              yield p == null ? source : p;
            }
            default -> questions.next();
          };
      texts.put("r" + i, text);
      input.add(q("r" + i, "gen", text));
    }

    Map<String, Double> oracle = new TreeMap<>();
    texts.forEach(
        (id, text) -> {
          for (String item : benchmark) {
            double ratio = TextbookLcs.ratio(Texts.normalize(text), Texts.normalize(item));
            if (ratio >= 75) {
              oracle.merge(id, ratio, Math::max);
            }
          }
        });

    RecordingRowSink exact = run(bench, input, "exact");
    Map<String, Double> dropped = new TreeMap<>();
    for (int i = 0; i < exact.droppedRows.size(); i++) {
      ObjectNode detail = exact.droppedDetails.get(i);
      String id = exact.droppedRows.get(i).get("id").asText();
      assertEquals("ratio", detail.get("rule").asText(), id);
      String item =
          benchmark.get(Integer.parseInt(detail.at("/benchmark/id").asText().substring(1)));
      double ratio = TextbookLcs.ratio(Texts.normalize(texts.get(id)), Texts.normalize(item));
      assertEquals(Math.round(ratio * 100) / 100.0, detail.get("similarity").asDouble(), 1e-9, id);
      assertTrue(ratio >= 75, id + " was dropped at " + ratio);
      dropped.put(id, ratio);
    }
    assertEquals(oracle.keySet(), dropped.keySet(), "exact mode drops what the oracle drops");
    assertTrue(oracle.size() >= 25, "the input holds rows at the threshold: " + oracle.size());

    TreeSet<String> keptByFast = new TreeSet<>();
    run(bench, input, "fast").rows.forEach(r -> keptByFast.add(r.get("id").asText()));
    keptByFast.retainAll(oracle.keySet());
    assertTrue(
        keptByFast.size() >= 5,
        "rows with no shingle in common are out of MinHash's reach: fast mode keeps " + keptByFast);
  }

  private static RecordingRowSink run(Path bench, List<ObjectNode> input, String mode)
      throws Exception {
    Map<String, Object> params = new HashMap<>();
    params.put("benchmarks", List.of(bench.toString()));
    params.put("ratio_mode", mode);
    params.put("ngram", 500);
    return decontaminate(params, input);
  }
}
