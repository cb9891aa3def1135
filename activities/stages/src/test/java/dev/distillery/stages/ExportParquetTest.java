package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.noServices;
import static dev.distillery.stages.StageFixtures.rows;
import static dev.distillery.stages.StageFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code format: parquet} exports, read back with DuckDB. */
class ExportParquetTest {
  @TempDir Path dir;

  private static ObjectNode answered(String id, String domain, String response) {
    ObjectNode row = Rows.question(id, "forum", domain, "What is \"" + id + "\"?\nSay it.", null);
    return StageFixtures.answered(row, 1, "think, then answer", response, "stop");
  }

  private static List<ObjectNode> teacherRows() {
    List<ObjectNode> rows = new ArrayList<>();
    rows.add(answered("q1", "math", "\\boxed{2}").put("difficulty", 7));
    rows.add(answered("q2", "math", "ünïcode ✓"));
    rows.add(answered("q3", "science", "x"));
    rows.add(answered("q4", "science", "cut").put("finish_reason", "length"));
    return rows;
  }

  private static RecordingRowSink export(ExportStage stage, Map<String, Object> params)
      throws Exception {
    return StageFixtures.runOver(stage, "export", params, "teacher", teacherRows(), noServices());
  }

  /** Writes an exported file out and opens DuckDB over it. */
  private Path saved(RecordingRowSink sink, String name) throws Exception {
    return Files.write(dir.resolve(name), sink.files.get(name));
  }

  private static List<List<String>> query(String sql) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void parquetHasOpenThoughts3ColumnsTypedAndTheSameRowsAsTheJsonl() throws Exception {
    RecordingRowSink sink = export(new ExportStage(), Map.of("dataset_name", "ot3"));
    RecordingRowSink parquet =
        export(new ExportStage(), Map.of("dataset_name", "ot3", "format", "parquet"));

    assertEquals(sink.rows, parquet.rows, "the JSONL rows are the sharegpt rows");
    assertEquals(sink.counters, parquet.counters, "and the same statistics");
    String name = "train-00000-of-00001.parquet";
    assertEquals(List.of(ExportStage.DATASET_INFO, name), List.copyOf(parquet.files.keySet()));
    JsonNode info = Rows.JSON.readTree(parquet.files.get(ExportStage.DATASET_INFO)).get("ot3");
    assertEquals(name, info.get("file_name").asText());
    assertEquals("sharegpt", info.get("formatting").asText());
    assertEquals("conversations", info.at("/columns/messages").asText());

    String file = saved(parquet, name).toString();
    Map<String, String> types = new LinkedHashMap<>();
    query("DESCRIBE SELECT * FROM '" + file + "'").forEach(r -> types.put(r.get(0), r.get(1)));
    assertEquals(
        Map.of(
            "difficulty", "BIGINT",
            "source", "VARCHAR",
            "domain", "VARCHAR",
            "conversations", "STRUCT(\"from\" VARCHAR, \"value\" VARCHAR)[]",
            "id", "VARCHAR",
            "sample", "BIGINT"),
        types);
    assertEquals(
        List.of("difficulty", "source", "domain", "conversations", "id", "sample"),
        List.copyOf(types.keySet()),
        "OpenThoughts3's column order, then lineage");
    assertEquals(List.of(List.of("3")), query("SELECT count(*) FROM '" + file + "'"));
    assertEquals(
        List.of(List.of("ZSTD")),
        query("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')"));

    List<List<String>> back =
        query(
            "SELECT id, difficulty, domain, conversations[1].\"from\", conversations[2].value,"
                + " conversations[1].value, len(conversations), sample FROM '"
                + file
                + "'");
    assertEquals(List.of("q1", "7", "math", "human"), back.get(0).subList(0, 4));
    assertEquals(ExportStage.assistant(teacherRows().get(0)), back.get(0).get(4));
    assertEquals("What is \"q1\"?\nSay it.", back.get(0).get(5));
    assertEquals(List.of("2", "1"), back.get(0).subList(6, 8));
    assertEquals(null, back.get(1).get(1), "no score: null difficulty");
    assertTrue(back.get(1).get(4).endsWith("ünïcode ✓"), back.get(1).get(4));
    assertEquals("science", back.get(2).get(2));
  }

  @Test
  void largeExportsAreSplitIntoNumberedFilesAndDatasetInfoNamesTheirDirectory() throws Exception {
    RecordingRowSink sink =
        export(new ExportStage(2), Map.of("dataset_name", "ot3", "format", "parquet"));

    List<String> names = List.of("train-00000-of-00002.parquet", "train-00001-of-00002.parquet");
    assertEquals(names, sink.files.keySet().stream().filter(n -> n.endsWith(".parquet")).toList());
    assertEquals(
        "ot3",
        Rows.JSON.readTree(sink.files.get(ExportStage.DATASET_INFO)).at("/ot3/file_name").asText());
    for (String name : names) {
      saved(sink, name);
    }
    assertEquals(
        List.of(List.of("q1", "0"), List.of("q2", "0"), List.of("q3", "1")),
        query(
            "SELECT id, CASE WHEN filename LIKE '%00000-of%' THEN 0 ELSE 1 END FROM"
                + " read_parquet('"
                + dir
                + "/train-*.parquet', filename = true) ORDER BY id"));
  }

  @Test
  void anExportWithNoRowsIsOneEmptyParquetFileWithTheSchema() throws Exception {
    RecordingRowSink sink =
        run(
            new ExportStage(),
            "export",
            Map.of("format", "parquet"),
            List.of(rows("teacher", List.of(teacherRows().get(3)))),
            noServices());
    String file = saved(sink, "train-00000-of-00001.parquet").toString();
    assertEquals(List.of(List.of("0")), query("SELECT count(*) FROM '" + file + "'"));
    assertEquals(6, query("DESCRIBE SELECT * FROM '" + file + "'").size());
  }
}
