package dev.distillery.examples.customkind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.cli.Distill;
import dev.distillery.plan.ContentAddress;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlanner;
import dev.distillery.recipe.RecipeLoader;
import dev.distillery.recipe.StageKinds;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.store.RowSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A kind from its own jar, found on the class path by {@link java.util.ServiceLoader}, is a kind
 * like the built-in ones: {@code distill validate} accepts a recipe using it and rejects its bad
 * params at their file:line:col, the planner gives its stages content addresses from its version
 * and output params (its tuning param left out), and a worker's registry runs it.
 */
class DropKeywordsKindTest {
  private static final Path RECIPE = Path.of("src/test/resources/recipe.yaml");

  @TempDir Path home;
  private String out;
  private String err;

  @Test
  void theKindIsLoadedBesideTheBuiltInOnes() {
    assertTrue(StageKinds.names().contains("drop-keywords"), StageKinds.names().toString());
    assertTrue(StageKinds.names().contains("dedup"));
    assertInstanceOf(
        DropKeywordsStage.class, StageRegistry.builtIn().find("drop-keywords").orElseThrow());
  }

  @Test
  void distillValidateAcceptsARecipeUsingIt() {
    assertEquals(0, distill("validate", RECIPE.toString()), out + err);
    assertTrue(out.startsWith(RECIPE + ": ok ("), out);
  }

  @Test
  void badParamsAreRejectedAtTheirPlace() throws Exception {
    String text = Files.readString(RECIPE);
    Path bad = home.resolve("recipe.yaml");
    Files.writeString(
        bad,
        text.replace("keywords: [\"7\"]", "keywords: seven")
            .replace("report_every: 10", "report_every: 0"));

    assertEquals(2, distill("validate", bad.toString()), out);
    assertTrue(err.contains(bad + ":" + lineOf(text, "keywords:") + ":17: "), err);
    assertTrue(err.contains("a list of strings"), err);
    assertTrue(err.contains(bad + ":" + lineOf(text, "report_every:") + ":21: "), err);
    assertTrue(err.contains("at least 1"), err);
    assertFalse(err.contains("Exception"), err);
  }

  @Test
  void itIsContentAddressedLikeABuiltIn() throws Exception {
    String text = Files.readString(RECIPE);
    PlannedStage planned = plan(text);
    PlannedStage sameButTuned = plan(text.replace("report_every: 10", "report_every: 500"));
    PlannedStage caseSensitive =
        plan(text.replace("report_every: 10", "report_every: 10\n      ignore_case: false"));

    assertEquals(1, planned.kindVersion());
    assertEquals(planned.key(), sameButTuned.key(), "report_every only tunes execution");
    assertNotEquals(planned.key(), caseSensitive.key(), "ignore_case changes the output");
    String document =
        ContentAddress.keyDocument(
            planned.kind(),
            planned.kindVersion(),
            planned.params(),
            planned.inputs().stream().map(r -> r.key()).toList());
    assertTrue(
        document.contains(
            "\"kind\":\"drop-keywords\",\"kindVersion\":1,"
                + "\"params\":{\"ignore_case\":true,\"keywords\":[\"7\"]}}"),
        document);
  }

  @Test
  void aWorkersRegistryRunsIt() throws Exception {
    List<ObjectNode> rows =
        List.of(
            Rows.question("a", "s", "math", "What is 7 + 1?", "8"),
            Rows.question("b", "s", "math", "What is 2 + 2?", "4"),
            Rows.question("c", "s", "math", "Name the SEVENTH prime.", "17"));
    List<ObjectNode> written = new ArrayList<>();
    Map<String, Long> dropped = new TreeMap<>();
    RowSink sink =
        new RowSink() {
          @Override
          public void write(ObjectNode row) {
            written.add(row);
          }

          @Override
          public void countIn(long n) {}

          @Override
          public void drop(String reason) {
            dropped.merge(reason, 1L, Long::sum);
          }

          @Override
          public void count(String counter, long delta) {}
        };
    Input input =
        new Input() {
          @Override
          public String kind() {
            return "source";
          }

          @Override
          public void forEach(RowAction action) throws Exception {
            for (ObjectNode row : rows) {
              action.accept(row.deepCopy());
            }
          }
        };
    ObjectNode params = Rows.JSON.createObjectNode();
    params.putArray("keywords").add("7").add("seventh");
    params.put("ignore_case", true).put("report_every", 1000);

    StageRegistry.builtIn()
        .find("drop-keywords")
        .orElseThrow()
        .run(new StageContext("filter", params, List.of(input), sink, Progress.NONE, null));

    assertEquals(List.of("b"), written.stream().map(r -> r.get("id").asText()).toList());
    assertEquals(Map.of(DropKeywordsStage.REASON, 2L), dropped);
  }

  private static PlannedStage plan(String recipe) throws Exception {
    return SweepPlanner.plan(RecipeLoader.parseAny(recipe, "recipe.yaml", name -> ""))
        .experiments()
        .get(0)
        .stages()
        .stream()
        .filter(s -> s.id().equals("no-sevens"))
        .findFirst()
        .orElseThrow();
  }

  private int distill(String... args) {
    StringWriter outBuffer = new StringWriter();
    StringWriter errBuffer = new StringWriter();
    CommandLine cli = Distill.commandLine(Map.of("DISTILL_HOME", home.toString()));
    cli.setOut(new PrintWriter(outBuffer, true));
    cli.setErr(new PrintWriter(errBuffer, true));
    int code = cli.execute(args);
    out = outBuffer.toString();
    err = errBuffer.toString();
    return code;
  }

  /** The 1-based line of the first line of {@code text} holding {@code part}. */
  private static int lineOf(String text, String part) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line holding " + part);
  }
}
