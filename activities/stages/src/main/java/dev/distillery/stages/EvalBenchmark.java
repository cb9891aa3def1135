package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.grading.Graders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How one benchmark of an {@code eval} stage is read, asked and graded: the grader {@code type}
 * ({@code math}, {@code multiple-choice} or {@code code}), the repeats (repeat i is sampled with
 * seed base + i), the fields of its records and the prompt. The study's benchmarks are built in
 * ({@link #builtIn}) with Evalchemy's repeat counts and the field names of their usual Hugging Face
 * releases; an {@code eval} stage's params override any of these per benchmark, or define a
 * benchmark of the user's own.
 *
 * @param name the benchmark's name in the stage's {@code benchmarks} param and in results
 * @param type the grader: math, multiple-choice or code
 * @param repeats how many times each question is asked
 * @param questionField the question: a field name, or a JSON Pointer starting with /; several,
 *     comma-separated, for the first present
 * @param answerField the reference answer (for code: the tests, see the code grader)
 * @param idField the question's id; its line number when the record has none
 * @param choiceFields for multiple choice: the fields holding the choices, the right one first
 *     (GPQA's layout), or one field holding a list of them with the answer naming the right one
 * @param promptTemplate the user message; {question} (and, for multiple choice, {choices}) are
 *     filled in
 */
public record EvalBenchmark(
    String name,
    String type,
    int repeats,
    String questionField,
    String answerField,
    String idField,
    List<String> choiceFields,
    String promptTemplate) {

  static final String MATH = Graders.MATH;
  static final String MULTIPLE_CHOICE = Graders.MULTIPLE_CHOICE;
  static final String CODE = Graders.CODE;

  static final String MATH_PROMPT =
      "{question}\n\nPlease reason step by step, and put your final answer within \\boxed{}.";

  static final String CHOICE_PROMPT =
      "Answer the following multiple choice question. Think step by step, then give the letter of"
          + " your choice within \\boxed{}.\n\n{question}\n\n{choices}";

  static final String CODE_PROMPT =
      "{question}\n\nWrite a Python 3 program that solves the problem. Reason step by step, then"
          + " give the complete program in one ```python code block.";

  /** The built-in benchmarks, by the lower-cased name recipes use. */
  private static final Map<String, EvalBenchmark> BUILT_IN =
      Map.of(
          "aime24",
          math("AIME24", 10, "problem", "answer", "id"),
          "aime25",
          math("AIME25", 10, "problem", "answer", "id"),
          "amc23",
          math("AMC23", 10, "problem", "answer", "id"),
          "hmmt",
          math("HMMT", 10, "problem", "answer", "id"),
          "math500",
          math("MATH500", 1, "problem", "answer", "unique_id"),
          "jeebench",
          math("JEEBench", 3, "question", "gold", "index"),
          "gpqa-diamond",
          new EvalBenchmark(
              "GPQA-Diamond",
              MULTIPLE_CHOICE,
              3,
              "Question",
              "Correct Answer",
              "Record ID",
              List.of(
                  "Correct Answer",
                  "Incorrect Answer 1",
                  "Incorrect Answer 2",
                  "Incorrect Answer 3"),
              CHOICE_PROMPT),
          "livecodebench",
          new EvalBenchmark(
              "LiveCodeBench",
              CODE,
              6,
              "question_content",
              "tests",
              "question_id",
              List.of(),
              CODE_PROMPT));

  private static EvalBenchmark math(
      String name, int repeats, String question, String answer, String id) {
    return new EvalBenchmark(name, MATH, repeats, question, answer, id, List.of(), MATH_PROMPT);
  }

  /** The built-in benchmark called {@code name} (any case), if there is one. */
  public static Optional<EvalBenchmark> builtIn(String name) {
    return Optional.ofNullable(BUILT_IN.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The names of the built-in benchmarks, as results name them. */
  public static List<String> builtInNames() {
    return BUILT_IN.values().stream().map(EvalBenchmark::name).sorted().toList();
  }

  /**
   * The benchmark {@code name} of an {@code eval} stage with params {@code p}: the built-in one
   * (or, for a name that is not built in, one of type {@code types.NAME}), with every per-benchmark
   * param that names it overriding its definition.
   *
   * @throws IllegalArgumentException when the name is not built in and {@code types} does not name
   *     its type
   */
  public static EvalBenchmark of(String name, ObjectNode p) {
    EvalBenchmark base = builtIn(name).orElse(null);
    String type = text(p, "types", name, base == null ? null : base.type());
    if (type == null) {
      throw new IllegalArgumentException(
          "benchmark '"
              + name
              + "' is not built in ("
              + String.join(", ", builtInNames())
              + "): give its grader in params.types."
              + name
              + " (one of "
              + String.join(", ", Graders.TYPES)
              + ")");
    }
    String template =
        switch (type) {
          case MULTIPLE_CHOICE -> CHOICE_PROMPT;
          case CODE -> CODE_PROMPT;
          default -> MATH_PROMPT;
        };
    List<String> choices = base == null ? List.of("choices") : base.choiceFields();
    JsonNode choiceParam = p.path("choice_fields").path(name);
    if (choiceParam.isTextual()) {
      choices = List.of(choiceParam.asText().split("\\s*,\\s*"));
    }
    return new EvalBenchmark(
        base == null ? name : base.name(),
        type,
        p.path("repeats").has(name)
            ? p.get("repeats").get(name).asInt()
            : base == null ? 1 : base.repeats(),
        text(
            p,
            "question_fields",
            name,
            base == null ? "question, problem, Question" : base.questionField()),
        text(p, "answer_fields", name, base == null ? "answer" : base.answerField()),
        text(p, "id_fields", name, base == null ? "id" : base.idField()),
        choices,
        text(
            p,
            "prompt_templates",
            name,
            base == null || !base.type().equals(type) ? template : base.promptTemplate()));
  }

  private static String text(ObjectNode p, String param, String name, String fallback) {
    JsonNode value = p.path(param).path(name);
    return value.isTextual() ? value.asText() : fallback;
  }

  /**
   * A record's value of {@code fields}: the first present of its comma-separated names (each a
   * name, or a JSON Pointer starting with /), or null.
   */
  static JsonNode field(JsonNode record, String fields) {
    for (String field : fields.split("\\s*,\\s*")) {
      JsonNode value = field.startsWith("/") ? record.at(field) : record.get(field);
      if (value != null && !value.isNull() && !value.isMissingNode()) {
        return value;
      }
    }
    return null;
  }
}
