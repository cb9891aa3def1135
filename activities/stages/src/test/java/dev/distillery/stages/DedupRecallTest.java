package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.dedup;
import static dev.distillery.stages.StageFixtures.q;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.text.IndelPattern;
import dev.distillery.text.MathQuestions;
import dev.distillery.text.Paraphraser;
import dev.distillery.text.Texts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzy dedup holds its rule (drop a row whose ratio to an earlier kept row reaches the threshold)
 * against a sequential all-pairs oracle: recall per ratio band from the threshold up and per kind
 * of near-duplicate, including short templated questions that differ only in their numbers, whose
 * shingles are mostly those of their template.
 */
class DedupRecallTest {
  static final List<String> TEMPLATES =
      List.of(
          "What is {n} + {n}?",
          "Compute {n} * {n}.",
          "Find the remainder when {n}^{n} is divided by {n}.",
          "How many positive divisors does {n} have?",
          "What is the sum of the first {n} positive integers?",
          "Solve for x: {n}x + {n} = {n}.",
          "A train travels {n} km in {n} hours. What is its average speed?",
          "What is {n}% of {n}?",
          "Simplify {n}/{n}.",
          "Find the greatest common divisor of {n} and {n}.",
          "Evaluate $\\binom{{n}}{{n}}$.",
          "If f(x) = {n}x^2 - {n}, what is f({n})?");

  private static String template(SplittableRandom random) {
    String pattern = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
    StringBuilder out = new StringBuilder();
    for (String part : pattern.split("\\{n}", -1)) {
      if (out.length() > 0 || !part.isEmpty() || pattern.startsWith("{n}")) {
        if (out.length() > 0 || pattern.startsWith("{n}")) {
          out.append(2 + random.nextInt(random.nextBoolean() ? 98 : 9998));
        }
      }
      out.append(part);
    }
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(doubles = {90, 80})
  void recallPerBandAndKindAgainstTheSequentialOracle(double threshold) throws Exception {
    SplittableRandom random = new SplittableRandom(51);
    MathQuestions questions = new MathQuestions(52);
    Paraphraser paraphraser = new Paraphraser(53);
    Paraphraser.Kind[] kinds = Paraphraser.Kind.values();
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<ObjectNode> input = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      int roll = random.nextInt(10);
      String text = null;
      String label;
      if (roll < 2 && i > 10) {
        label = "renumbered";
        String earlier = texts.get(random.nextInt(i));
        text = questions.renumbered(earlier);
        label =
            labels.get(texts.indexOf(earlier)).equals("template") ? "renumbered-template" : label;
      } else if (roll < 4 && i > 10) {
        Paraphraser.Kind kind = kinds[random.nextInt(kinds.length)];
        double low = threshold + 5 * random.nextInt((int) (100 - threshold) / 5);
        text =
            paraphraser.paraphrase(
                Texts.normalize(texts.get(random.nextInt(i))), kind, low, low + 5);
        label = "paraphrase-" + kind;
      } else if (roll < 6) {
        text = template(random);
        label = "template";
      } else {
        label = "fresh";
      }
      if (text == null) {
        text = questions.next();
        label = "fresh";
      }
      texts.add(text);
      labels.add(label);
      input.add(q("r" + i, "gen", text));
    }

    // The oracle: each row against every earlier kept row, exactly.
    List<IndelPattern> kept = new ArrayList<>();
    Map<String, Double> oracle = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = Texts.normalize(texts.get(i));
      double best = -1;
      for (IndelPattern earlier : kept) {
        if (earlier.atLeast(text, threshold)) {
          best = Math.max(best, earlier.ratio(text));
        }
      }
      if (best >= threshold) {
        oracle.put("r" + i, best);
      } else {
        kept.add(new IndelPattern(text));
      }
    }

    RecordingRowSink sink = dedup(Map.of("method", "fuzzy", "threshold", threshold), input);
    Map<String, Boolean> dropped = new HashMap<>();
    sink.droppedRows.forEach(r -> dropped.put(r.get("id").asText(), true));

    Map<String, int[]> byBand = new TreeMap<>();
    Map<String, int[]> byKind = new TreeMap<>();
    oracle.forEach(
        (id, ratio) -> {
          int from = (int) (threshold + 5 * Math.floor((ratio - threshold) / 5));
          String band = Math.min(from, 95) + "-" + Math.min(from + 5, 100);
          String kind = labels.get(Integer.parseInt(id.substring(1)));
          int caught = dropped.containsKey(id) ? 1 : 0;
          byBand.computeIfAbsent(band, k -> new int[2])[0]++;
          byBand.get(band)[1] += caught;
          byKind.computeIfAbsent(kind, k -> new int[2])[0]++;
          byKind.get(kind)[1] += caught;
        });
    StringBuilder report = new StringBuilder();
    byBand.forEach(
        (b, c) -> report.append(b).append(' ').append(c[1]).append('/').append(c[0]).append("; "));
    byKind.forEach(
        (k, c) -> report.append(k).append(' ').append(c[1]).append('/').append(c[0]).append("; "));
    System.out.println(
        "fuzzy dedup recall: "
            + report
            + "candidate pairs "
            + sink.counters.get("dedup_candidate_pairs")
            + ", rows beyond leaders "
            + sink.counters.get("dedup_rows_beyond_leaders"));
    Map<String, String> byId = new HashMap<>();
    input.forEach(r -> byId.put(r.get("id").asText(), r.get("question").asText()));
    for (int i = 0; i < sink.droppedRows.size(); i++) {
      String id = sink.droppedRows.get(i).get("id").asText();
      String keptId = sink.droppedDetails.get(i).get("duplicate_of").asText();
      double ratio =
          IndelPattern.ratio(Texts.normalize(byId.get(id)), Texts.normalize(byId.get(keptId)));
      assertTrue(ratio >= threshold, id + " dropped as a copy of " + keptId + " at " + ratio);
    }
    assertTrue(sink.counters.containsKey("dedup_rows_beyond_leaders"), "capped groups are counted");
    for (Map.Entry<String, int[]> band : byBand.entrySet()) {
      assertTrue(band.getValue()[0] >= 100, "enough rows at " + band.getKey() + ": " + report);
      assertTrue(band.getValue()[1] >= 0.99 * band.getValue()[0], "recall per band: " + report);
    }
    assertTrue(byKind.getOrDefault("renumbered-template", new int[2])[0] >= 50, report.toString());
    assertTrue(
        byKind.get("renumbered-template")[1] >= 0.99 * byKind.get("renumbered-template")[0],
        "templated questions: " + report);
  }
}
