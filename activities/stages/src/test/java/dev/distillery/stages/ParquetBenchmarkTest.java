package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.q;
import static dev.distillery.stages.StageFixtures.rows;
import static dev.distillery.stages.StageFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.StageServices;
import dev.distillery.stages.core.StageUserException;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decontamination against benchmark files in Parquet, local and in S3. */
class ParquetBenchmarkTest {
  private static final String PLANTED =
      "Let P(x) be a polynomial of degree four with real coefficients such that P(1) = 2, P(2) ="
          + " 5 and P(3) = 10. Find the sum of all possible values of P(4).";
  private static final String CLEAN =
      "A train leaves the station at noon travelling at sixty miles per hour. A second train"
          + " leaves an hour later at eighty miles per hour. When does it catch up?";

  @TempDir Path dir;

  /** A benchmark with typed and nested columns besides id and question, the planted one third. */
  private Path benchmark(String name) throws Exception {
    return ParquetSourceTest.parquet(
        dir.resolve(name),
        "SELECT * FROM (VALUES"
            + " ('aime-1', 'How many primes are below one hundred and twenty?', 1, ['nt']),"
            + " ('aime-2', NULL, 2, []),"
            + " ('aime-3', '"
            + PLANTED
            + "', 3, ['algebra', 'poly'])"
            + ") t(id, question, year, tags)");
  }

  /** Local paths as files; {@code s3://bucket/aime.parquet} served from {@code s3Body}. */
  private static StageServices services(byte[] s3Body) {
    StageServices local = StageFixtures.localFiles();
    return new StageServices(
        path -> {
          if (path.equals("s3://bucket/aime.parquet")) {
            return new ByteArrayInputStream(s3Body);
          }
          if (path.startsWith("s3://")) {
            throw new FileNotFoundException(path);
          }
          return local.files().open(path);
        },
        local.chatClients(),
        local.completions(),
        Map.of());
  }

  private RecordingRowSink decontaminate(String benchmark, StageServices services)
      throws Exception {
    RecordingRowSink sink =
        run(
            new DecontaminateStage(),
            "decontaminate",
            Map.of("benchmarks", List.of(benchmark)),
            List.of(rows("source", List.of(q("c1", "s", CLEAN), q("p1", "s", PLANTED)))),
            services);
    return sink;
  }

  @Test
  void aParquetBenchmarkDropsThePlantedDuplicateLocallyAndFromS3() throws Exception {
    Path bench = benchmark("aime.parquet");
    for (String location : List.of(bench.toString(), "s3://bucket/aime.parquet")) {
      RecordingRowSink sink = decontaminate(location, services(Files.readAllBytes(bench)));
      assertEquals(List.of("c1"), sink.rows.stream().map(r -> r.get("id").asText()).toList());
      assertEquals(Map.of("contaminated", 1L), sink.dropped, location);
      ObjectNode detail = sink.droppedDetails.get(0);
      assertEquals("aime-3", detail.get("benchmark").get("id").asText());
      assertEquals(3, detail.get("benchmark").get("line").asInt(), "the Parquet row number");
      assertEquals(location, detail.get("benchmark").get("file").asText());
      assertEquals(2L, sink.counters.get("benchmark_questions"), "the null question is skipped");
    }
  }

  @Test
  void aBenchmarkNamedParquetThatIsNotIsAUserError() throws Exception {
    Path fake = Files.writeString(dir.resolve("gpqa.parquet"), "{\"question\":\"hi\"}\n");
    StageUserException e =
        assertThrows(
            StageUserException.class, () -> decontaminate(fake.toString(), services(new byte[0])));
    assertTrue(e.getMessage().startsWith("decontaminate stage 's-decontaminate'"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + fake + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("not a readable Parquet file"), e.getMessage());

    StageUserException missing =
        assertThrows(
            StageUserException.class,
            () -> decontaminate("s3://bucket/absent.parquet", services(new byte[0])));
    assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
  }
}
