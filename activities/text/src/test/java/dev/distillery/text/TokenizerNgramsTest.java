package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The ids are exactly those of the tokenizer.json, worked out by hand here from two small files: no
 * special token added and nothing truncated, whatever the file asks for.
 */
class TokenizerNgramsTest {
  /**
   * Whole words from a vocabulary, [UNK] for the rest (",," too: Whitespace pre-tokenization keeps
   * runs of symbols together); its post-processor would put [CLS] first and its truncation keep 4
   * tokens.
   */
  static final String WORD_LEVEL =
      """
      {"version": "1.0",
       "truncation": {"direction": "Right", "max_length": 4, "strategy": "LongestFirst",
                      "stride": 0},
       "padding": null,
       "added_tokens": [{"id": 8, "content": "[CLS]", "single_word": false, "lstrip": false,
                         "rstrip": false, "normalized": false, "special": true}],
       "normalizer": null,
       "pre_tokenizer": {"type": "Whitespace"},
       "post_processor": {"type": "TemplateProcessing",
         "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                    {"Sequence": {"id": "A", "type_id": 0}}],
         "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                  {"Sequence": {"id": "A", "type_id": 0}},
                  {"Sequence": {"id": "B", "type_id": 1}}],
         "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [8], "tokens": ["[CLS]"]}}},
       "decoder": null,
       "model": {"type": "WordLevel", "unk_token": "[UNK]",
                 "vocab": {"[UNK]": 0, "alpha": 1, "beta": 2, "gamma": 3, "delta": 4, ",": 5,
                           "zeta": 6, "eta": 7, "[CLS]": 8}}}
      """;

  /** Byte-pair merges: a + b, then ab + c. */
  static final String BPE =
      """
      {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
       "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null,
       "decoder": null,
       "model": {"type": "BPE", "dropout": null, "unk_token": null,
                 "continuing_subword_prefix": null, "end_of_word_suffix": null,
                 "fuse_unk": false, "byte_fallback": false,
                 "vocab": {"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4},
                 "merges": ["a b", "ab c"]}}
      """;

  @Test
  void idsAreTheVocabularysWithNoSpecialTokenAndNoTruncation() {
    try (TokenizerNgrams tokenizer = TokenizerNgrams.fromJson(WORD_LEVEL)) {
      assertArrayEquals(
          new long[] {1, 5, 2, 6, 0, 3, 0}, tokenizer.ids("alpha, beta zeta omega gamma,,"));
      assertArrayEquals(new long[0], tokenizer.ids(""));
    }
    assertEquals("true", System.getProperty("ai.djl.offline"), "DJL downloads nothing");
    assertEquals("cpu", System.getProperty("RUST_FLAVOR"), "the CPU library in the jar");
  }

  @Test
  void bytePairMergesSplitWordsIntoSubwords() {
    try (TokenizerNgrams tokenizer = TokenizerNgrams.fromJson(BPE)) {
      assertArrayEquals(new long[] {4, 3, 2, 3, 1, 0}, tokenizer.ids("abc ab cab ba"));
    }
  }

  @Test
  void ngramsAreRunsOfIds() {
    try (TokenizerNgrams tokenizer = TokenizerNgrams.fromJson(WORD_LEVEL)) {
      long[] a = tokenizer.hashes("alpha , beta gamma", 3);
      long[] b = tokenizer.hashes("zeta alpha,beta gamma", 3);
      assertEquals(2, a.length);
      assertEquals(3, b.length);
      assertEquals(a[0], b[1], "alpha , beta");
      assertEquals(a[1], b[2], ", beta gamma");
      assertNotEquals(a[0], a[1]);
      assertArrayEquals(a, tokenizer.hashes(new NormalizedText().set("Alpha , beta gamma"), 3));
      assertEquals(0, tokenizer.hashes("alpha beta", 3).length);
      // Words the vocabulary lacks are all [UNK], so they match each other.
      assertArrayEquals(tokenizer.hashes("one two", 2), tokenizer.hashes("three four", 2));
    }
  }

  @Test
  void whatIsNotATokenizerIsRefusedWithTheLibrarysReason() {
    IllegalArgumentException config =
        assertThrows(
            IllegalArgumentException.class,
            () -> TokenizerNgrams.fromJson("{\"model_max_length\": 512}"));
    assertTrue(config.getMessage().contains("at line 1 column"), config.getMessage());
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> TokenizerNgrams.fromJson(""));
    assertTrue(empty.getMessage().contains("EOF"), empty.getMessage());
  }
}
