package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.distillery.plan.PlannedStage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local source's content address follows the file's bytes. */
class FileFingerprintsTest {
  @TempDir Path dir;

  @Test
  void changingTheFileChangesTheKeysOfItsStageAndEverythingDownstream() throws Exception {
    Path data = dir.resolve("questions.jsonl");
    Path recipe = dir.resolve("recipe.yaml");
    Files.writeString(
        recipe,
        """
        recipe: local
        stages:
          - id: source
            kind: source
            params: {path: "%s"}
          - id: dedup
            kind: dedup
        """
            .formatted(data));
    Files.writeString(data, "{\"question\":\"What is 2+2?\"}\n");
    var before = SweepFiles.plan(recipe).experiments().get(0).stages();
    PlannedStage first = before.get(0);
    PlannedStage again = SweepFiles.plan(recipe).experiments().get(0).stages().get(0);
    Files.writeString(data, "{\"question\":\"What is 3+3?\"}\n");
    var changed = SweepFiles.plan(recipe).experiments().get(0).stages();

    assertEquals(first.key(), again.key());
    assertEquals(
        FileFingerprints.sha256(data), changed.get(0).params().get("content_sha256").asText());
    assertNotEquals(first.key(), changed.get(0).key());
    assertNotEquals(before.get(1).key(), changed.get(1).key(), "dedup follows its input");
  }

  @Test
  void remoteSourcesAreLeftAsWritten() {
    var params = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (String path :
        new String[] {
          "https://example.org/q.jsonl", "hf://datasets/org/name/q.csv", "s3://bucket/q.jsonl"
        }) {
      params.put("path", path);
      assertFalse(new FileFingerprints().resolve("source", params).has("content_sha256"), path);
    }
  }

  @Test
  void benchmarkAndExampleFilesAreHashedIntoTheirStages() throws Exception {
    Path bench = dir.resolve("aime.jsonl");
    Path positives = dir.resolve("good.jsonl");
    Files.writeString(bench, "{\"question\":\"Find x.\"}\n");
    Files.writeString(positives, "{\"question\":\"Prove it.\"}\n");
    var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    var decontaminate = json.objectNode();
    decontaminate.putArray("benchmarks").add(bench.toString()).add("s3://bucket/math500.jsonl");
    var scoring = json.objectNode();
    scoring.putArray("positives").add(positives.toString());

    var fingerprints = new FileFingerprints();
    var resolved = fingerprints.resolve("decontaminate", decontaminate).get("files_sha256");
    assertEquals(1, resolved.size(), resolved.toString());
    assertEquals(FileFingerprints.sha256(bench), resolved.get(bench.toString()).asText());
    assertEquals(
        FileFingerprints.sha256(positives),
        fingerprints
            .resolve("score-questions", scoring)
            .get("files_sha256")
            .get(positives.toString())
            .asText());
    assertFalse(fingerprints.resolve("dedup", decontaminate).has("files_sha256"));
  }

  @Test
  void aDecontaminateStagesTokenizerIsHashedWhenItCountsItsTokens() throws Exception {
    Path bench = dir.resolve("aime.jsonl");
    Path tokenizer = dir.resolve("tokenizer.json");
    Path recipe = dir.resolve("recipe.yaml");
    Files.writeString(bench, "{\"question\":\"Find x.\"}\n");
    Files.writeString(tokenizer, "{\"model\": {\"type\": \"WordLevel\"}}");
    String stages =
        """
        recipe: tokens
        stages:
          - {id: source, kind: synthetic-arithmetic, params: {count: 10}}
          - id: dc
            kind: decontaminate
            params: {benchmarks: ["%s"], ngram_unit: %s, tokenizer: "%s"}
        """;
    Files.writeString(recipe, stages.formatted(bench, "tokenizer", tokenizer));
    PlannedStage before = SweepFiles.plan(recipe).experiments().get(0).stages().get(1);
    Files.writeString(tokenizer, "{\"model\": {\"type\": \"BPE\"}}");
    PlannedStage changed = SweepFiles.plan(recipe).experiments().get(0).stages().get(1);

    assertEquals(
        FileFingerprints.sha256(tokenizer),
        changed.params().get("files_sha256").get(tokenizer.toString()).asText());
    assertEquals(
        FileFingerprints.sha256(bench),
        changed.params().get("files_sha256").get(bench.toString()).asText());
    assertNotEquals(before.key(), changed.key(), "a changed tokenizer is new work");

    Files.writeString(recipe, stages.formatted(bench, "words", tokenizer));
    PlannedStage words = SweepFiles.plan(recipe).experiments().get(0).stages().get(1);
    assertFalse(
        words.params().get("files_sha256").has(tokenizer.toString()),
        "counting words, the stage does not read the tokenizer");
  }
}
