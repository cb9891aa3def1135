package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowTraceTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ArtifactStore store = new ArtifactStore(new FakeBlobStore());

  private StageRef stage(String kind, char key, List<StageRef> inputs, List<ObjectNode> rows)
      throws IOException {
    return stage(kind, key, inputs, rows, List.of());
  }

  private StageRef stage(
      String kind, char key, List<StageRef> inputs, List<ObjectNode> rows, List<ObjectNode> drops)
      throws IOException {
    StageRef ref = new StageRef(kind, String.valueOf(key).repeat(64));
    try (StageWriter writer =
        store.begin(
            ref,
            1,
            JSON.objectNode(),
            inputs,
            new RunInfo(kind, "wf", "run", "w", "test"),
            Clock.systemUTC())) {
      for (ObjectNode row : rows) {
        writer.write(row);
      }
      for (ObjectNode drop : drops) {
        writer.dropRow(drop, "duplicate", JSON.objectNode().put("duplicate_of", "x"));
      }
      writer.commit();
    }
    return ref;
  }

  private static ObjectNode row(String id) {
    return JSON.objectNode().put("id", id);
  }

  @Test
  void aKeptRowIsFoundAtEveryStageAndADroppedOneWhereItVanished() throws Exception {
    StageRef source = stage("source", 'a', List.of(), List.of(row("x"), row("y"), row("z")));
    StageRef dedup =
        stage("dedup", 'b', List.of(source), List.of(row("x"), row("y")), List.of(row("z")));
    StageRef teacher =
        stage("teacher", 'c', List.of(dedup), List.of(row("x"), row("x"), row("y"), row("y")));

    List<RowTrace.Step> kept = new RowTrace(store).trace(teacher, "y");
    assertEquals(List.of("source", "dedup", "teacher"), kinds(kept));
    assertEquals(List.of(1L, 1L, 2L), kept.stream().map(RowTrace.Step::rows).toList());

    List<RowTrace.Step> dropped = new RowTrace(store).trace(teacher, "z");
    assertEquals(List.of("source", "dedup", "teacher"), kinds(dropped));
    assertEquals(List.of(1L, 0L, 0L), dropped.stream().map(RowTrace.Step::rows).toList());
    assertEquals(
        "{\"stage\":\"dedup\",\"reason\":\"duplicate\",\"duplicate_of\":\"x\"}",
        String.valueOf(dropped.get(1).droppedBy()));
    assertNull(dropped.get(2).droppedBy());
    assertNull(kept.get(1).droppedBy());
  }

  @Test
  void aGeneratedRowIsFollowedToItsSeed() throws Exception {
    StageRef source = stage("source", 'd', List.of(), List.of(row("seed-1"), row("seed-2")));
    ObjectNode generated = row("gen-9");
    generated.putObject("metadata").put("seed_id", "seed-2");
    StageRef gen = stage("generate-questions", 'e', List.of(source), List.of(generated));

    List<RowTrace.Step> path = new RowTrace(store).trace(gen, "gen-9");
    assertEquals(List.of("source", "generate-questions"), kinds(path));
    assertEquals("seed-2", path.get(0).rowId());
    assertEquals(1L, path.get(0).rows());
  }

  private static List<String> kinds(List<RowTrace.Step> path) {
    return path.stream().map(s -> s.manifest().kind()).toList();
  }
}
