package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.stages.files.LocalPaths;
import dev.distillery.stages.files.RecordFiles;
import dev.distillery.text.NgramUnit;
import dev.distillery.text.Ngrams;
import dev.distillery.text.NormalizedText;
import dev.distillery.text.TextNormalization;
import dev.distillery.text.TokenizerNgrams;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@code decontaminate}: drops a question that is close to a benchmark question, by either rule of
 * OpenThoughts3, on text normalized as {@code normalize} says ({@link TextNormalization}: {@code
 * lower} by default, {@code none} as the study compared):
 *
 * <ul>
 *   <li>{@code ngram}: it shares a run of {@code ngram} units (default 13) with a benchmark
 *       question; every benchmark n-gram is in a hash set. The unit is {@code ngram_unit} ({@link
 *       NgramUnit}): {@code tokens} (default), pieces as Qwen2's tokenizer splits text, symbols
 *       kept and digits one by one, as the study counted 13 Qwen2 tokens; {@code words}; or {@code
 *       tokenizer}, the token ids of the Hugging Face {@code tokenizer.json} that {@code tokenizer}
 *       names ({@link TokenizerNgrams}), loaded once per run.
 *   <li>{@code ratio}: its normalized Indel similarity ({@code fuzz.ratio}) to a benchmark question
 *       is at least {@code threshold} (default 75). Candidates come from MinHash-LSH over every
 *       4-char shingle ({@link BenchmarkIndex}: two shared bands, then the agreement of 8-bit
 *       signatures), then a length bound (a ratio of t needs the shorter text to be at least t /
 *       (200 - t) of the longer), then exact verification that stops as soon as the threshold is
 *       out of reach. The LSH step makes this rule approximate, by design for pairs down to a
 *       shingle Jaccard similarity below any paraphrase at the threshold measured in the tests.
 *       With {@code ratio_mode: exact}, candidates are instead every benchmark question that the
 *       length bound and a char-count bound ({@link dev.distillery.text.RatioBounds}) leave able to
 *       reach the threshold: the rule to the letter, many times slower.
 * </ul>
 *
 * A dropped row is written through {@link dev.distillery.store.RowSink#dropRow} with the rule, the
 * benchmark item (file, id, line) and, for the ratio rule, the similarity.
 */
public final class DecontaminateStage implements Stage {
  static final String KIND = "decontaminate";
  static final String REASON = "contaminated";

  static final String TOKENIZER = "tokenizer";

  @Override
  public void run(StageContext context) throws Exception {
    String unit = context.params().get("ngram_unit").asText();
    if (!unit.equals(TOKENIZER)) {
      run(context, NgramUnit.of(unit));
      return;
    }
    try (TokenizerNgrams tokenizer = tokenizer(context)) {
      run(context, tokenizer);
    }
  }

  /**
   * The tokenizer {@code params.tokenizer} names, loaded once for the run.
   *
   * @throws StageUserException when the param is not set, names no file or a directory, or names a
   *     file that is not a tokenizer.json
   */
  private static TokenizerNgrams tokenizer(StageContext context) throws Exception {
    JsonNode param = context.params().get(TOKENIZER);
    if (param == null || param.isNull() || param.asText().isBlank()) {
      throw context.userError(
          KIND,
          "params.ngram_unit is tokenizer, but params.tokenizer is not set. Set it to the"
              + " tokenizer.json of the model whose tokens the n-gram rule should count (a local"
              + " path, s3:// or https:// URL), or set ngram_unit to tokens or words.");
    }
    String path = param.asText();
    if (!path.contains("://") && Files.isDirectory(Path.of(LocalPaths.resolve(context, path)))) {
      throw context.userError(
          KIND,
          "params.tokenizer '"
              + path
              + "' is a directory. Name the tokenizer.json file in it: "
              + path.replaceAll("/+$", "")
              + "/tokenizer.json.");
    }
    String json;
    try (InputStream in =
        RecordFiles.open(context, new RecordFiles.Origin(KIND, "params.tokenizer"), path)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return TokenizerNgrams.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw context.userError(
          KIND,
          "params.tokenizer '"
              + path
              + "' is not a tokenizer.json that Hugging Face's tokenizers can load ("
              + e.getMessage()
              + "). Name the tokenizer.json file of the model (not its tokenizer_config.json,"
              + " vocab.json or merges.txt).");
    } catch (IllegalStateException e) {
      throw context.userError(
          KIND,
          "the tokenizers native library does not load on this worker ("
              + e.getMessage()
              + "), so params.tokenizer cannot be used here. Run the stage on a Linux x86-64 or"
              + " aarch64, macOS arm64 or Windows x86-64 worker, or set ngram_unit to tokens or"
              + " words.");
    }
  }

  private static void run(StageContext context, Ngrams unit) throws Exception {
    ObjectNode params = context.params();
    double threshold = params.get("threshold").asDouble();
    int ngram = params.get("ngram").asInt();
    TextNormalization normalization = TextNormalization.of(params.get("normalize").asText());
    boolean exact = params.get("ratio_mode").asText().equals("exact");
    BenchmarkIndex index = new BenchmarkIndex(ngram, unit, normalization, threshold);
    List<String> questionFields = new ArrayList<>();
    params.get("question_fields").forEach(f -> questionFields.add(f.asText()));
    String idField = params.get("id_field").asText();
    for (JsonNode path : params.get("benchmarks")) {
      index.load(context, KIND, path.asText(), questionFields, idField);
    }
    context.out().count("benchmark_questions", index.size());
    double minLengthRatio = threshold / (200 - threshold);
    int[] rowNo = {0};
    long[] candidates = {0};
    long[] verified = {0};
    NormalizedText text = new NormalizedText();
    context.forEachInputLine(
        line -> {
          int rowsSeen = ++rowNo[0];
          normalization.into(text, line.text(Rows.QUESTION));
          int shared = index.sharedNgram(text);
          if (shared >= 0) {
            ObjectNode detail = detail("ngram", index.item(shared));
            detail.put("ngram", ngram).put("ngram_unit", params.get("ngram_unit").asText());
            if (unit instanceof TokenizerNgrams) {
              detail.put(TOKENIZER, params.get(TOKENIZER).asText());
            }
            context.out().dropRow(line, REASON, detail);
          } else {
            Match match = new Match(text);
            IntConsumer verify =
                item -> {
                  if (match.item >= 0) {
                    return;
                  }
                  candidates[0]++;
                  String other = index.item(item).text();
                  int shorter = Math.min(text.length(), other.length());
                  int longer = Math.max(text.length(), other.length());
                  if (shorter < minLengthRatio * longer) {
                    return;
                  }
                  verified[0]++;
                  if (match.pattern().atLeast(other, threshold)) {
                    match.item = item;
                    match.similarity = match.pattern().ratio(other);
                  }
                };
            if (exact) {
              index.everyPossible(text, verify);
            } else {
              index.candidates(text, verify);
            }
            if (match.item >= 0) {
              ObjectNode detail = detail("ratio", index.item(match.item));
              detail.put("similarity", Math.round(match.similarity * 100) / 100.0);
              context.out().dropRow(line, REASON, detail);
            } else {
              context.out().write(line);
            }
          }
          if (rowsSeen % 10_000 == 0) {
            context.progress().report(rowsSeen, -1);
          }
        });
    context.out().count("ratio_band_hits", index.bandHits());
    context.out().count("ratio_candidates", candidates[0]);
    context.out().count("ratio_compared", verified[0]);
  }

  private static ObjectNode detail(String rule, BenchmarkItem item) {
    ObjectNode detail = Rows.JSON.createObjectNode();
    detail.put("rule", rule);
    ObjectNode benchmark = detail.putObject("benchmark");
    benchmark.put("file", item.file());
    if (item.id() != null) {
      benchmark.put("id", item.id());
    }
    benchmark.put("line", item.line());
    return detail;
  }
}
