package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.decontaminate;
import static dev.distillery.stages.StageFixtures.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import dev.distillery.text.MathQuestions;
import dev.distillery.text.Texts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The n-gram rule counts units as the study did (pieces of Qwen2's pre-tokenizer, checked here
 * against the tokenizer's own regex over all pairs), and the text both rules compare is normalized
 * as asked.
 */
class DecontaminationNgramTest {
  private static final Pattern QWEN2 =
      Pattern.compile(
          "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
              + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  @TempDir Path dir;

  private static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = QWEN2.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The reference rule: some run of {@code n} regex pieces of {@code a} is one of {@code b}. */
  private static boolean sharesNgram(String a, String b, int n) {
    List<String> x = pieces(a);
    List<String> y = pieces(b);
    Set<List<String>> grams = new HashSet<>();
    for (int i = 0; i + n <= y.size(); i++) {
      grams.add(y.subList(i, i + n));
    }
    for (int i = 0; i + n <= x.size(); i++) {
      if (grams.contains(x.subList(i, i + n))) {
        return true;
      }
    }
    return false;
  }

  private Path benchmarkFile(List<String> questions) throws Exception {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < questions.size(); i++) {
      ObjectNode row =
          Rows.JSON.createObjectNode().put("id", "b" + i).put("question", questions.get(i));
      file.append(Rows.JSON.writeValueAsString(row)).append('\n');
    }
    Path path = dir.resolve("bench.jsonl");
    Files.writeString(path, file);
    return path;
  }

  private static Set<String> kept(Path bench, List<ObjectNode> input, Map<String, Object> params)
      throws Exception {
    Map<String, Object> all = new java.util.HashMap<>(params);
    all.put("benchmarks", List.of(bench.toString()));
    RecordingRowSink sink = decontaminate(all, input);
    Set<String> kept = new TreeSet<>();
    sink.rows.forEach(r -> kept.add(r.get("id").asText()));
    return kept;
  }

  /**
   * Spans of k whitespace words with formulas, cut from benchmark questions and put into clean
   * questions: a row goes exactly when its pieces share 13 in a row with a benchmark question's
   * (the ratio rule off, threshold 100 on texts this different).
   */
  @Test
  void spansWithFormulasGoExactlyWhenTheyShareThirteenPieces() throws Exception {
    SplittableRandom random = new SplittableRandom(31);
    MathQuestions questions = new MathQuestions(32);
    List<String> benchmark = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      benchmark.add(
          questions.next()
              + " Let $g(x) = "
              + (2 + random.nextInt(9))
              + "x^{"
              + (2 + random.nextInt(7))
              + "} - \\frac{"
              + random.nextInt(100)
              + "}{"
              + (1 + random.nextInt(50))
              + "}$ and $h(y)=y^2+"
              + random.nextInt(90)
              + "y$.");
    }
    Path bench = benchmarkFile(benchmark);
    List<ObjectNode> input = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int k : new int[] {3, 5, 7, 9, 11, 12}) {
      for (int i = 0; i < 30; i++) {
        String source = benchmark.get(random.nextInt(benchmark.size()));
        String[] words = source.split(" ");
        int from = words.length - k - random.nextInt(Math.max(1, Math.min(6, words.length - k)));
        String span =
            String.join(" ", List.of(words).subList(Math.max(0, from), Math.max(0, from) + k));
        String text = questions.next() + " " + span + " " + questions.next();
        texts.add(text);
        input.add(q("k" + k + "-" + i, "gen", text));
      }
    }
    Set<String> keptTokens = kept(bench, input, Map.of("threshold", 100));
    Set<String> keptWords = kept(bench, input, Map.of("threshold", 100, "ngram_unit", "words"));

    List<String> wrong = new ArrayList<>();
    int reference = 0;
    int byWords = 0;
    for (int i = 0; i < input.size(); i++) {
      String id = input.get(i).get("id").asText();
      String text = Texts.normalize(texts.get(i));
      boolean shares = false;
      for (String b : benchmark) {
        if (sharesNgram(text, Texts.normalize(b), 13)) {
          shares = true;
          break;
        }
      }
      reference += shares ? 1 : 0;
      byWords += keptWords.contains(id) ? 0 : 1;
      if (shares == keptTokens.contains(id)) {
        wrong.add(id + (shares ? " shares 13 pieces but was kept" : " was dropped"));
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(
        reference > 60, "spans of 9 and more words with formulas share 13 pieces: " + reference);
    assertTrue(byWords < reference, "counting words misses some: " + byWords + " of " + reference);
  }

  @Test
  void normalizationDecidesWhatTheRatioRuleSees() throws Exception {
    String question = "What is the value of the answer when both are counted twice?";
    String digits = "Compute 1234567890 + 9876543210 - 1122334455 + 5566778899.";
    Path bench = benchmarkFile(List.of(question, digits));
    StringBuilder wide = new StringBuilder();
    for (char c : digits.toCharArray()) {
      wide.append(c >= '0' && c <= '9' ? (char) (c - '0' + '\uff10') : c);
    }
    List<ObjectNode> input =
        List.of(
            q("shouted", "gen", question.toUpperCase()),
            q("wide", "gen", wide.toString()),
            q("spaced", "gen", "  " + question.replace(" ", "   ")));

    assertEquals(
        Set.of("wide"), kept(bench, input, Map.of()), "lower: case and spaces do not matter");
    assertEquals(
        Set.of(), kept(bench, input, Map.of("normalize", "nfkc-lower")), "full-width digits too");
    assertEquals(
        Set.of("shouted", "wide"),
        kept(bench, input, Map.of("normalize", "none")),
        "none: case and digit forms count, as the study compared them");
  }
}
