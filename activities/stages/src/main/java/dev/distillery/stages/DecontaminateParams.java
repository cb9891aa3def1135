package dev.distillery.stages;

import dev.distillery.recipe.Param;
import java.util.List;
import java.util.Map;

/** The params of a {@code decontaminate} stage, as recipes write them (snake case). */
public record DecontaminateParams(
    @Param(
            doc =
                "benchmark files (JSONL, CSV or Parquet, optionally .zst):"
                    + " local paths, s3://, http(s):// or hf://datasets/ URIs",
            required = true,
            file = true)
        List<String> benchmarks,
    @Param(
            doc =
                "the benchmark question is the first non-empty of these fields"
                    + " (a name starting with / is a JSON Pointer)",
            defaultValue = "[\"question\",\"problem\",\"Question\"]")
        List<String> questionFields,
    @Param(doc = "the benchmark item's id", defaultValue = "id") String idField,
    @Param(
            doc =
                "name of the environment variable holding a bearer token"
                    + " for private http(s):// or hf:// benchmark files",
            tuning = true)
        String tokenEnv,
    @Param(
            doc =
                "drop a question whose fuzz.ratio to a benchmark question"
                    + " is at least this, 0-100",
            defaultValue = "75",
            percent = true)
        Double threshold,
    @Param(
            doc =
                "fast (MinHash-LSH candidates, recall measured at 0.99+ per"
                    + " ratio band) or exact (every benchmark question a length"
                    + " and char-count bound leave possible is compared: no miss,"
                    + " many times slower)",
            defaultValue = "fast",
            oneOf = {"fast", "exact"})
        String ratioMode,
    @Param(
            doc = "drop a question sharing a run of this many units with a benchmark question",
            defaultValue = "13",
            min = 1)
        Integer ngram,
    @Param(
            doc =
                "tokens (as Qwen2's tokenizer splits text: symbols kept,"
                    + " digits one by one, as OpenThoughts3 counted), words (runs"
                    + " of letters and digits) or tokenizer (the token ids of"
                    + " params.tokenizer)",
            defaultValue = "tokens",
            oneOf = {"tokens", "words", "tokenizer"})
        String ngramUnit,
    @Param(
            doc =
                "with ngram_unit tokenizer: a Hugging Face tokenizer.json"
                    + " (local path, s3:// or http(s)://) whose token ids the n-gram"
                    + " rule counts",
            file = true)
        String tokenizer,
    @Param(
            doc =
                "text both rules compare: lower (lower case, whitespace runs"
                    + " as one space), nfkc-lower (Unicode NFKC first) or none"
                    + " (as written, as OpenThoughts3)",
            defaultValue = "lower",
            oneOf = {"lower", "nfkc-lower", "none"})
        String normalize,
    @Param(
            doc =
                "sha256 of each local benchmark file and tokenizer; distill"
                    + " fills it in when it plans, so that a changed file gets"
                    + " a new content address")
        Map<String, String> filesSha256) {}
