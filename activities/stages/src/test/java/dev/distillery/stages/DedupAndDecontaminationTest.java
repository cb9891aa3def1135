package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.decontaminate;
import static dev.distillery.stages.StageFixtures.dedup;
import static dev.distillery.stages.StageFixtures.ids;
import static dev.distillery.stages.StageFixtures.q;
import static dev.distillery.stages.StageFixtures.rows;
import static dev.distillery.stages.StageFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.StageRef;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.FakeBlobStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.store.RunInfo;
import dev.distillery.store.StageWriter;
import dev.distillery.text.IndelPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupAndDecontaminationTest {
  private static final String POLY =
      "Let P(x) be a polynomial of degree four with real coefficients such that P(1) = 2, P(2) ="
          + " 5 and P(3) = 10. Find the sum of all possible values of P(4).";

  /** POLY with two words changed: ratio about 94. */
  private static final String POLY_NEAR = POLY.replace("real", "integer").replace("sum", "total");

  /** POLY reworded more: ratio between 75 and 90. */
  private static final String POLY_REWORDED =
      "Suppose P(x) is a quartic polynomial having real coefficients, where P(1) = 2, P(2) = 5"
          + " and P(3) = 10. Determine the sum of every possible value of P(4).";

  private static final String TRAIN =
      "A train leaves the station at noon travelling at sixty miles per hour. A second train"
          + " leaves an hour later at eighty miles per hour. When does it catch up?";
  private static final String GEOMETRY =
      "In triangle ABC the angle bisector from A meets BC at D. If AB = 6, AC = 9 and BC = 10,"
          + " what is the length of BD?";
  private static final String CIRCLE =
      "Two circles of radius 3 and 5 are tangent externally. A line tangent to both circles"
          + " meets the line of centers at P. How far is P from the center of the smaller circle?";

  @TempDir Path dir;

  @Test
  void theParaphrasesOfTheseTestsSitWhereTheyShould() {
    assertTrue(IndelPattern.ratio(Rows.normalize(POLY), Rows.normalize(POLY_NEAR)) >= 90);
    double reworded = IndelPattern.ratio(Rows.normalize(POLY), Rows.normalize(POLY_REWORDED));
    assertTrue(reworded >= 75 && reworded < 90, "ratio " + reworded);
    assertTrue(IndelPattern.ratio(Rows.normalize(POLY), Rows.normalize(TRAIN)) < 60);
  }

  @Test
  void fuzzyDedupAtNinetyDropsNearCopiesOfTheFirstAndKeepsDistinctQuestions() throws Exception {
    List<ObjectNode> input =
        List.of(
            q("1", "s", POLY),
            q("2", "s", TRAIN),
            q("3", "s", POLY_NEAR),
            q("4", "s", POLY_REWORDED),
            q("5", "s", "  " + TRAIN.toUpperCase() + " "),
            q("6", "s", GEOMETRY));
    RecordingRowSink sink = dedup(Map.of("method", "fuzzy"), input);
    assertEquals(List.of("1", "2", "4", "6"), ids(sink.rows));
    assertEquals(List.of("3", "5"), ids(sink.droppedRows));
    assertEquals("1", sink.droppedDetails.get(0).get("duplicate_of").asText());
    assertTrue(sink.droppedDetails.get(0).get("similarity").asDouble() >= 90);
    assertEquals("2", sink.droppedDetails.get(1).get("duplicate_of").asText());
    assertEquals(100.0, sink.droppedDetails.get(1).get("similarity").asDouble());
    assertEquals(Map.of("duplicate", 2L), sink.dropped);
    assertEquals(6, sink.rowsIn);

    RecordingRowSink looser = dedup(Map.of("method", "fuzzy", "threshold", 75), input);
    assertEquals(List.of("1", "2", "6"), ids(looser.rows), "the rewording falls at 75");
  }

  @Test
  void exactDedupRecordsTheKeptRowAndIgnoresNearCopies() throws Exception {
    RecordingRowSink sink =
        run(
            new DedupStage(),
            "dedup",
            Map.of(),
            List.of(
                rows(
                    "source",
                    List.of(
                        q("a", "s", POLY),
                        q("b", "s", POLY_NEAR),
                        q("c", "s", POLY.toLowerCase().replace(" ", "\n "))))),
            StageFixtures.noServices());
    assertEquals(List.of("a", "b"), ids(sink.rows));
    assertEquals(List.of("c"), ids(sink.droppedRows));
    assertEquals("a", sink.droppedDetails.get(0).get("duplicate_of").asText());
  }

  @Test
  void droppedRowsAreReadableFromTheStoreWithWhatTheyDuplicated() throws Exception {
    ArtifactStore store = new ArtifactStore(new FakeBlobStore());
    StageRef ref = new StageRef("dedup", "ef".repeat(32));
    RunInfo run = new RunInfo("dedup-questions", "wf-1", "run-1", "worker@host", "0.1.0");
    Manifest manifest;
    try (StageWriter writer =
        store.begin(ref, 1, Rows.JSON.createObjectNode(), List.of(), run, Clock.systemUTC(), 2)) {
      new DedupStage()
          .run(
              new StageContext(
                  "dedup-questions",
                  StageFixtures.params("dedup", Map.of("method", "fuzzy")),
                  List.of(
                      rows(
                          "source",
                          List.of(
                              q("1", "s", POLY),
                              q("2", "s", POLY_NEAR),
                              q("3", "s", TRAIN),
                              q("4", "s", POLY),
                              q("5", "s", TRAIN + " ")))),
                  writer,
                  Progress.NONE,
                  StageFixtures.noServices()));
      manifest = writer.commit();
    }
    assertEquals(2, manifest.counters().rowsOut());
    assertEquals(Map.of("duplicate", 3L), manifest.counters().dropped());
    assertEquals(2, manifest.droppedFiles().size(), "three dropped rows in parts of two");
    assertTrue(manifest.droppedFiles().get(0).name().startsWith("dropped/part-00000-"));
    List<ObjectNode> dropped = new ArrayList<>();
    try (RowReader reader = store.openDropped(manifest)) {
      for (ObjectNode row = reader.next(); row != null; row = reader.next()) {
        dropped.add(row);
      }
    }
    assertEquals(List.of("2", "4", "5"), ids(dropped));
    ObjectNode by = (ObjectNode) dropped.get(2).get("dropped_by");
    assertEquals("dedup-questions", by.get("stage").asText());
    assertEquals("duplicate", by.get("reason").asText());
    assertEquals("3", by.get("duplicate_of").asText());
    assertEquals(List.of(), store.verify(manifest));
    List<ObjectNode> kept = new ArrayList<>();
    try (RowReader reader = store.open(manifest)) {
      for (ObjectNode row = reader.next(); row != null; row = reader.next()) {
        kept.add(row);
      }
    }
    assertEquals(List.of("1", "3"), ids(kept), "dropped rows stay out of the output");

    store.blobs().delete(ref.folder() + "/" + manifest.droppedFiles().get(1).name());
    List<String> problems = store.verify(manifest);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("missing: ") && problems.get(0).contains("dropped/"));
  }

  @Test
  void decontaminationDropsPlantedParaphrasesAndSharedNgramsAndKeepsCleanQuestions()
      throws Exception {
    Path bench = dir.resolve("aime.jsonl");
    Files.writeString(
        bench,
        "{\"id\":\"aime-7\",\"question\":"
            + Rows.JSON.writeValueAsString(POLY)
            + "}\n\n{\"question\":"
            + Rows.JSON.writeValueAsString(CIRCLE)
            + "}\n");
    String sharesThirteen =
        "Warm-up first. Two circles of radius 3 and 5 are tangent externally; a line tangent,"
            + " drawn on the board, bounds a region. Compute the area of that region.";
    String sharesTwelve =
        "Warm-up first. Two circles of radius 3 and 5 are tangent externally; a line touching,"
            + " drawn on the board, bounds a region. Compute the area of that region.";
    List<ObjectNode> input =
        List.of(
            q("p1", "s", POLY_REWORDED),
            q("c1", "s", TRAIN),
            q("n1", "s", sharesThirteen),
            q("c2", "s", GEOMETRY),
            q("c3", "s", sharesTwelve),
            q("p2", "s", POLY.toUpperCase()));
    // Runs of words: sharesThirteen has 13 in a row with CIRCLE once ';' and '.' are ignored.
    RecordingRowSink sink =
        decontaminate(
            Map.of("benchmarks", List.of(bench.toString()), "ngram_unit", "words"), input);
    assertEquals(List.of("c1", "c2", "c3"), ids(sink.rows), "clean questions are kept");
    assertEquals(List.of("p1", "n1", "p2"), ids(sink.droppedRows));
    ObjectNode paraphrase = sink.droppedDetails.get(0);
    assertEquals("ratio", paraphrase.get("rule").asText());
    assertEquals("aime-7", paraphrase.get("benchmark").get("id").asText());
    assertEquals(1, paraphrase.get("benchmark").get("line").asInt());
    assertEquals(bench.toString(), paraphrase.get("benchmark").get("file").asText());
    assertTrue(paraphrase.get("similarity").asDouble() >= 75);
    ObjectNode ngram = sink.droppedDetails.get(1);
    assertEquals("ngram", ngram.get("rule").asText());
    assertEquals(3, ngram.get("benchmark").get("line").asInt());
    assertTrue(ngram.get("benchmark").get("id") == null, "the circle question has no id");
    assertEquals(Map.of("contaminated", 3L), sink.dropped);
    assertEquals(2L, sink.counters.get("benchmark_questions"));

    RecordingRowSink strict =
        decontaminate(
            Map.of(
                "benchmarks",
                List.of(bench.toString()),
                "threshold",
                95,
                "ngram",
                20,
                "ngram_unit",
                "words"),
            input);
    assertEquals(List.of("p2"), ids(strict.droppedRows), "only the copy passes 95 and no 20-gram");
  }

  @Test
  void aMissingBenchmarkFileIsAUserErrorNamingIt() throws Exception {
    Path bench = dir.resolve("math500.jsonl");
    Files.writeString(bench, "{\"question\":\"What is 1+1?\"}\n");
    String missing = dir.resolve("gpqa.jsonl").toString();
    StageUserException e =
        assertThrows(
            StageUserException.class,
            () ->
                decontaminate(
                    Map.of("benchmarks", List.of(bench.toString(), missing)),
                    List.of(q("1", "s", TRAIN))));
    assertTrue(e.getMessage().startsWith("decontaminate stage 's-decontaminate'"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + missing + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("params.benchmarks"), e.getMessage());

    Files.writeString(bench, "{\"prompt\":\"What is 1+1?\",\"level\":3}\n");
    StageUserException empty =
        assertThrows(
            StageUserException.class,
            () ->
                decontaminate(
                    Map.of("benchmarks", List.of(bench.toString())), List.of(q("1", "s", TRAIN))));
    assertTrue(empty.getMessage().contains("holds no question"), empty.getMessage());
    assertTrue(empty.getMessage().contains("first record has: prompt, level"), empty.getMessage());
    assertTrue(empty.getMessage().contains("params.question_fields"), empty.getMessage());
  }

  @Test
  void benchmarkFilesMayBeCsvWithTheirOwnFieldNames() throws Exception {
    String aime = "Find the number of ordered pairs of positive integers whose product is 2024.";
    Path bench = dir.resolve("aime.csv");
    Files.writeString(bench, "uid,problem\naime-7,\"" + aime + "\"\n");
    RecordingRowSink out =
        decontaminate(
            Map.of("benchmarks", List.of(bench.toString()), "id_field", "uid"),
            List.of(q("1", "s", TRAIN), q("2", "s", aime.toUpperCase(Locale.ROOT))));
    assertEquals(List.of("1"), ids(out.rows));
    assertEquals(List.of("2"), ids(out.droppedRows));
    JsonNode by = out.droppedDetails.get(0);
    assertEquals("aime-7", by.path("benchmark").path("id").asText(), by.toString());
    assertEquals(2, by.path("benchmark").path("line").asInt(), by.toString());
  }

  /**
   * Ratio exactly 75 at the length bound (the shorter text 3/5 of the longer, wholly inside it),
   * with the question the shorter and the longer: the length range the LSH looks in includes it.
   */
  @Test
  void questionsAtTheLengthBoundAreCaughtEitherWay() throws Exception {
    String shortItem = "sum of the primes under thirty";
    String longItem = "how many ways can nine rooks sit on a board safely";
    String longQuestion = shortItem + " then give it mod 77";
    String shortQuestion = longItem.substring(0, 30);
    assertEquals(30, shortItem.length());
    assertEquals(50, longQuestion.length());
    assertEquals(50, longItem.length());
    assertEquals(75.0, dev.distillery.text.IndelPattern.ratio(shortItem, longQuestion), 1e-9);
    assertEquals(75.0, dev.distillery.text.IndelPattern.ratio(longItem, shortQuestion), 1e-9);
    Path bench = dir.resolve("bound.jsonl");
    Files.writeString(
        bench,
        "{\"id\":\"s\",\"question\":\""
            + shortItem
            + "\"}\n{\"id\":\"l\",\"question\":\""
            + longItem
            + "\"}\n");
    RecordingRowSink out =
        decontaminate(
            Map.of("benchmarks", List.of(bench.toString()), "ngram", 500),
            List.of(q("longer", "s", longQuestion), q("shorter", "s", shortQuestion)));
    assertEquals(List.of(), ids(out.rows), "both rows are at ratio 75 of a benchmark question");
    assertEquals(List.of("longer", "shorter"), ids(out.droppedRows));
  }

  /**
   * Two texts sharing a long ruler and little else: ratio 80, but as sets of shingles the ruler is
   * one shingle and the Jaccard similarity 0.11, out of the LSH's reach unless a run of equal
   * shingles counts each one.
   */
  @Test
  void aSharedRulerCountsAsTheLcsCountsIt() throws Exception {
    String ruler = "=".repeat(78);
    String item = "guilford ave indianapolis in 46220 usa " + ruler + " 1.";
    String question = "total still shown carefully 46220 exactly " + ruler + " 1.";
    assertTrue(dev.distillery.text.IndelPattern.ratio(item, question) >= 75);
    Path bench = dir.resolve("ruler.jsonl");
    Files.writeString(bench, "{\"id\":\"r\",\"question\":\"" + item + "\"}\n");
    RecordingRowSink out =
        decontaminate(
            Map.of("benchmarks", List.of(bench.toString()), "ngram", 500),
            List.of(q("ruled", "s", question)));
    assertEquals(List.of("ruled"), ids(out.droppedRows));
  }
}
