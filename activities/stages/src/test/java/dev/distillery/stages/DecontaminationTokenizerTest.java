package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.ids;
import static dev.distillery.stages.StageFixtures.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.StageUserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code ngram_unit: tokenizer} the n-gram rule counts the token ids of the tokenizer.json the
 * recipe names: here a vocabulary of whole words and commas, so commas count as tokens where words
 * ignore them, and the two units disagree on the same pair.
 */
class DecontaminationTokenizerTest {
  private static final String TOKENIZER =
      """
      {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
       "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null,
       "decoder": null,
       "model": {"type": "WordLevel", "unk_token": "[UNK]",
                 "vocab": {"[UNK]": 0, "alpha": 1, "beta": 2, "gamma": 3, "delta": 4, ",": 5,
                           "zeta": 6, "eta": 7}}}
      """;

  /** 7 tokens, 4 words. */
  private static final String BENCHMARK = "Alpha, beta, gamma, delta";

  /** Shares 4 tokens with the benchmark question (alpha , beta ,), but only 2 words. */
  private static final String SHARES_FOUR_TOKENS = "Zeta alpha, beta, eta";

  /** Shares 3 tokens (, beta ,), but all 4 words (alpha beta gamma delta). */
  private static final String SHARES_THREE_TOKENS = "Eta, beta, alpha beta gamma delta";

  @TempDir Path dir;

  private RecordingRowSink decontaminate(Map<String, Object> params) throws Exception {
    Path bench = dir.resolve("bench.jsonl");
    Files.writeString(bench, "{\"id\": \"b1\", \"question\": \"" + BENCHMARK + "\"}\n");
    Map<String, Object> all = new HashMap<>(params);
    all.put("benchmarks", List.of(bench.toString()));
    // The ratio rule off: none of these is a copy.
    all.put("threshold", 100);
    all.put("ngram", 4);
    List<ObjectNode> input =
        List.of(q("four", "gen", SHARES_FOUR_TOKENS), q("three", "gen", SHARES_THREE_TOKENS));
    return StageFixtures.decontaminate(all, input);
  }

  private Path tokenizerFile(String json) throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void aRunOfNgramTokensGoesAndOneTokenLessStays() throws Exception {
    String tokenizer = tokenizerFile(TOKENIZER).toString();
    RecordingRowSink byTokenizer =
        decontaminate(Map.of("ngram_unit", "tokenizer", "tokenizer", tokenizer));
    assertEquals(List.of("four"), ids(byTokenizer.droppedRows));
    assertEquals(List.of("three"), ids(byTokenizer.rows));
    ObjectNode detail = byTokenizer.droppedDetails.get(0);
    assertEquals("ngram", detail.get("rule").asText());
    assertEquals("tokenizer", detail.get("ngram_unit").asText());
    assertEquals(tokenizer, detail.get("tokenizer").asText());

    RecordingRowSink byWords = decontaminate(Map.of("ngram_unit", "words"));
    assertEquals(List.of("three"), ids(byWords.droppedRows), "words see the pair the other way");
    assertEquals(List.of("four"), ids(byWords.rows));
  }

  @Test
  void tokenizerWithoutAFileIsAUserError() throws Exception {
    StageUserException unset =
        assertThrows(
            StageUserException.class, () -> decontaminate(Map.of("ngram_unit", "tokenizer")));
    assertTrue(
        unset.getMessage().startsWith("decontaminate stage 's-decontaminate': "),
        unset.getMessage());
    assertTrue(unset.getMessage().contains("params.tokenizer is not set"), unset.getMessage());

    String missing = dir.resolve("qwen/tokenizer.json").toString();
    StageUserException absent =
        assertThrows(
            StageUserException.class,
            () -> decontaminate(Map.of("ngram_unit", "tokenizer", "tokenizer", missing)));
    assertTrue(
        absent.getMessage().contains("params.tokenizer '" + missing + "': no such file"),
        absent.getMessage());

    StageUserException directory =
        assertThrows(
            StageUserException.class,
            () -> decontaminate(Map.of("ngram_unit", "tokenizer", "tokenizer", dir.toString())));
    assertTrue(directory.getMessage().contains("is a directory"), directory.getMessage());
    assertTrue(
        directory.getMessage().contains(dir.resolve("tokenizer.json").toString()),
        directory.getMessage());
  }

  @Test
  void aFileThatIsNotATokenizerIsAUserError() throws Exception {
    String config =
        tokenizerFile("{\"model_max_length\": 32768, \"eos_token\": \"<|im_end|>\"}").toString();
    StageUserException e =
        assertThrows(
            StageUserException.class,
            () -> decontaminate(Map.of("ngram_unit", "tokenizer", "tokenizer", config)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "decontaminate stage 's-decontaminate': params.tokenizer '"
                    + config
                    + "' is not a tokenizer.json"),
        e.getMessage());
    assertTrue(e.getMessage().contains("tokenizer_config.json"), e.getMessage());
  }
}
