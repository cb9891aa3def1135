package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.noServices;
import static dev.distillery.stages.StageFixtures.q;
import static dev.distillery.stages.StageFixtures.rows;
import static dev.distillery.stages.StageFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageUserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mixing by top-N, caps and totals, with counts per source. */
class MixStageTest {
  private static List<Input> inputs(int... sizes) {
    List<Input> inputs = new ArrayList<>();
    String[] names = {"zeta", "alpha", "mid", "beta"};
    for (int s = 0; s < sizes.length; s++) {
      List<ObjectNode> rows = new ArrayList<>();
      for (int i = 0; i < sizes[s]; i++) {
        rows.add(q(names[s] + i, names[s], "question " + names[s] + " " + i));
      }
      inputs.add(rows("source", rows));
    }
    return inputs;
  }

  private static RecordingRowSink mix(Map<String, Object> params, List<Input> inputs)
      throws Exception {
    RecordingRowSink sink = run(new MixStage(), "mix", params, inputs, noServices());
    return sink;
  }

  @Test
  void topTakesTheFirstSourcesInInputOrderWithEqualShares() throws Exception {
    RecordingRowSink sink = mix(Map.of("total", 30, "top", 2, "seed", 1), inputs(40, 40, 40));

    assertEquals(30, sink.rows.size());
    assertEquals(15L, sink.counters.get("source.zeta"), "first input, though last by name");
    assertEquals(15L, sink.counters.get("source.alpha"));
    assertEquals(0L, sink.counters.get("source.mid"));
    assertEquals(
        Map.of("not_in_top", 40L, "over_source_share", 50L), sink.dropped, sink.dropped.toString());
    assertEquals(120, sink.rowsIn);
  }

  @Test
  void capsLimitASourceAndTheShortfallIsCounted() throws Exception {
    RecordingRowSink sink =
        mix(Map.of("total", 40, "caps", Map.of("alpha", 5), "seed", 2), inputs(40, 40, 8));

    // 40 / 3 = 13.33 each; the one left over goes to the first name, alpha, before its cap.
    assertEquals(13L, sink.counters.get("source.zeta"));
    assertEquals(5L, sink.counters.get("source.alpha"));
    assertEquals(8L, sink.counters.get("source.mid"), "gives all it has");
    assertEquals(14L, sink.counters.get("mix.shortfall"));
    assertEquals(26, sink.rows.size());
    assertEquals(Map.of("over_source_share", 27L, "over_source_cap", 35L), sink.dropped);
  }

  @Test
  void picksTheLowestRanksPerSourceLikeAFullSort() throws Exception {
    List<Input> in = inputs(100, 100);
    RecordingRowSink sink = mix(Map.of("total", 20, "seed", 5), in);
    List<ObjectNode> all = new ArrayList<>();
    for (Input input : in) {
      input.forEach(all::add);
    }
    List<String> expected = new ArrayList<>();
    for (String source : List.of("zeta", "alpha")) {
      all.stream()
          .filter(r -> r.get("source").asText().equals(source))
          .sorted(java.util.Comparator.comparingLong(r -> Rows.rank(5, r.get("id").asText())))
          .limit(10)
          .forEach(r -> expected.add(r.get("id").asText()));
    }
    expected.sort(java.util.Comparator.comparingLong(id -> Rows.rank(5, id)));
    assertEquals(expected, sink.rows.stream().map(r -> r.get("id").asText()).toList());
  }

  @Test
  void badTopAndCapsAreUserErrorsNamingTheParam() {
    StageUserException tooMany =
        assertThrows(
            StageUserException.class, () -> mix(Map.of("total", 10, "top", 4), inputs(5, 5)));
    assertTrue(tooMany.getMessage().contains("params.top is 4"), tooMany.getMessage());
    assertTrue(tooMany.getMessage().contains("[zeta, alpha]"), tooMany.getMessage());

    StageUserException both =
        assertThrows(
            StageUserException.class,
            () -> mix(Map.of("total", 10, "top", 1, "weights", Map.of("zeta", 1)), inputs(5, 5)));
    assertTrue(both.getMessage().contains("Remove one of them"), both.getMessage());

    StageUserException cap =
        assertThrows(
            StageUserException.class,
            () -> mix(Map.of("total", 10, "caps", Map.of("gamma", 1)), inputs(5, 5)));
    assertTrue(cap.getMessage().contains("params.caps names source 'gamma'"), cap.getMessage());
  }
}
