package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.recipe.StageKind;
import dev.distillery.recipe.StageKinds;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageServices;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.store.FakeBlobStore;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds stage contexts over in-memory rows, with params defaulted as the recipe loader does. */
final class StageFixtures {
  private StageFixtures() {}

  static Input rows(String kind, List<ObjectNode> rows) {
    return new Input() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public void forEach(RowAction action) throws Exception {
        for (ObjectNode row : rows) {
          action.accept(row.deepCopy());
        }
      }
    };
  }

  /** Params for {@code kind}: the given values over the catalogue's defaults. */
  static ObjectNode params(String kind, Map<String, Object> values) {
    StageKind stageKind = StageKinds.find(kind).orElseThrow();
    ObjectNode params = Rows.JSON.createObjectNode();
    stageKind
        .params()
        .forEach(
            p -> {
              if (p.defaultValue() != null && !p.defaultValue().isNull()) {
                params.set(p.name(), p.defaultValue());
              }
            });
    values.forEach((k, v) -> params.set(k, Rows.JSON.valueToTree(v)));
    return params;
  }

  static StageContext context(
      String kind,
      Map<String, Object> values,
      List<Input> inputs,
      RecordingRowSink sink,
      StageServices services) {
    return new StageContext(
        "s-" + kind, params(kind, values), inputs, sink, Progress.NONE, services);
  }

  /**
   * Services whose {@code simulated://} endpoints are {@code server}, with a fresh store; files are
   * local paths.
   */
  static StageServices simulated(dev.distillery.llm.simulated.SimulatedLlmServer server) {
    return new StageServices(
        localFiles().files(),
        new dev.distillery.stages.core.OpenAiChatClients(server::baseUrl),
        new dev.distillery.llm.CompletionBroker(new dev.distillery.store.FakeBlobStore()),
        Map.of());
  }

  /** The ids of {@code rows}, in order. */
  static List<String> ids(List<ObjectNode> rows) {
    return rows.stream().map(r -> r.get("id").asText()).toList();
  }

  /** Runs {@code stage} as a stage of {@code kind} and returns what it wrote. */
  static RecordingRowSink run(
      Stage stage,
      String kind,
      Map<String, Object> params,
      List<Input> inputs,
      StageServices services)
      throws Exception {
    RecordingRowSink sink = new RecordingRowSink();
    stage.run(context(kind, params, inputs, sink, services));
    return sink;
  }

  /**
   * Runs {@code stage} as a stage of {@code kind} over one input, {@code rows} written by a stage
   * of {@code inputKind}, and returns what it wrote.
   */
  static RecordingRowSink runOver(
      Stage stage,
      String kind,
      Map<String, Object> params,
      String inputKind,
      List<ObjectNode> rows,
      StageServices services)
      throws Exception {
    return run(stage, kind, params, List.of(rows(inputKind, rows)), services);
  }

  /** Runs a decontaminate stage over {@code input} from a source, files being local paths. */
  static RecordingRowSink decontaminate(Map<String, Object> params, List<ObjectNode> input)
      throws Exception {
    return runOver(
        new DecontaminateStage(), "decontaminate", params, "source", input, localFiles());
  }

  /** Runs a dedup stage over {@code input} from a source, with no services. */
  static RecordingRowSink dedup(Map<String, Object> params, List<ObjectNode> input)
      throws Exception {
    return runOver(new DedupStage(), "dedup", params, "source", input, noServices());
  }

  /** Runs {@code stage} as {@link #run} does and returns the user error it must fail with. */
  static StageUserException userError(
      Stage stage,
      String kind,
      Map<String, Object> params,
      List<Input> inputs,
      StageServices services) {
    return assertThrows(StageUserException.class, () -> run(stage, kind, params, inputs, services));
  }

  /**
   * Asserts that {@code first} holds a sample of {@code size} of {@code total} rows with ids {@code
   * many-<row number>}, in file order, that {@code again} (the same seed) holds the same rows and
   * {@code other} (another seed) others; returns the sampled row numbers.
   */
  static List<Integer> assertSeededSample(
      RecordingRowSink first, RecordingRowSink again, RecordingRowSink other, int size, int total) {
    assertEquals(size, first.rows.size());
    assertEquals(first.ids(), again.ids());
    assertNotEquals(first.ids(), other.ids());
    assertEquals(Map.of("not_sampled", (long) (total - size)), first.dropped);
    List<Integer> rowNos =
        first.ids().stream().map(id -> Integer.parseInt(id.substring("many-".length()))).toList();
    assertEquals(rowNos.stream().sorted().toList(), rowNos, "kept in file order");
    return rowNos;
  }

  static StageServices noServices() {
    return new StageServices(
        path -> {
          throw new java.io.FileNotFoundException(path);
        },
        endpoint -> {
          throw new StageUserException("no LLM in this test");
        },
        new CompletionBroker(new FakeBlobStore()),
        Map.of());
  }

  /** Services whose files are local paths; a missing one is a {@link FileNotFoundException}. */
  static StageServices localFiles() {
    return localFiles(Map.of());
  }

  /** Services as {@link #localFiles()} gives them, with {@code environment} as the environment. */
  static StageServices localFiles(Map<String, String> environment) {
    return new StageServices(
        path -> {
          Path p = Path.of(path);
          if (!Files.exists(p)) {
            throw new FileNotFoundException(path);
          }
          return Files.newInputStream(p);
        },
        noServices().chatClients(),
        noServices().completions(),
        environment);
  }

  /**
   * Runs a source stage (step {@code src}) with {@code values} over the catalogue's defaults and
   * returns what it read.
   */
  static RecordingRowSink runSource(
      Map<String, Object> values, Progress progress, StageServices services) throws Exception {
    RecordingRowSink sink = new RecordingRowSink();
    new SourceStage()
        .run(
            new StageContext("src", params("source", values), List.of(), sink, progress, services));
    return sink;
  }

  /**
   * Makes {@code question} a teacher row, sample {@code sample} with {@code reasoning}, {@code
   * response} and {@code finishReason}, and returns it.
   */
  static ObjectNode answered(
      ObjectNode question, int sample, String reasoning, String response, String finishReason) {
    question.put(TeacherStage.SAMPLE, sample);
    question.put(TeacherStage.REASONING, reasoning);
    question.put(TeacherStage.RESPONSE, response);
    question.put(TeacherStage.FINISH_REASON, finishReason);
    return question;
  }

  /**
   * The first {@code count} synthetic arithmetic questions of {@code seed} (operands up to {@code
   * maxOperand}, {@code operations} operations each), with their answers as references.
   */
  static List<ObjectNode> arithmeticQuestions(
      int count, long seed, int maxOperand, int operations) {
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ArithmeticProblem p = ArithmeticProblems.generate(seed, i, maxOperand, operations);
      rows.add(Rows.question(p.id(), "synthetic", "math", p.question(), p.answer()));
    }
    return rows;
  }

  static ObjectNode q(String id, String source, String question) {
    return Rows.question(id, source, "math", question, null);
  }
}
