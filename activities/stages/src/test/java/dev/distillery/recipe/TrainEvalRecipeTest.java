package dev.distillery.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An eval scores the model of the train stage it reads, or the endpoint it names, never both; a
 * fine-tuning API needs its URL; training and evaluation get long default timeouts.
 */
class TrainEvalRecipeTest {
  private static final String HEAD =
      """
      recipe: r
      stages:
        - id: source
          kind: synthetic-arithmetic
          params: {count: 4}
        - id: teacher
          kind: teacher
          params: {base_url: 'http://localhost:8000/v1', model: m}
        - id: export
          kind: export
      """;

  private static final String TRAIN =
      """
        - id: train
          kind: train
          params: {trainer: openai-finetune, base_url: 'http://localhost:8000/v1', base_model: b}
      """;

  private static final String EVAL =
      """
        - id: eval
          kind: eval
          params:
            benchmarks: {AIME24: a.jsonl}
      """;

  private static Recipe parse(String yaml) throws RecipeException {
    return RecipeLoader.parseRecipe(yaml, "r.yaml");
  }

  private static Problem only(String yaml) {
    RecipeException e = assertThrows(RecipeException.class, () -> parse(yaml));
    assertEquals(1, e.problems().size(), e.getMessage());
    return e.problems().get(0);
  }

  private static StageSpec stage(Recipe recipe, String id) {
    return recipe.stages().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void anEvalAfterATrainStageScoresItsModel() throws Exception {
    Recipe recipe = parse(HEAD + TRAIN + EVAL);
    assertEquals(List.of("train"), stage(recipe, "eval").inputs());
    assertEquals(List.of("export"), stage(recipe, "train").inputs());
    assertEquals(RetrySpec.TRAINING, stage(recipe, "train").retry());
    assertEquals(RetrySpec.EVALUATION, stage(recipe, "eval").retry());
    assertEquals(RetrySpec.DEFAULT, stage(recipe, "export").retry());
  }

  /** README: {@code overrides: {field: value}} replaces any field, {@code null} removes it. */
  @Test
  void trainingOverridesTakeNumbersBooleansAndNullAsTheConfigFieldsWant() throws Exception {
    String command =
        """
          - id: train
            kind: train
            params:
              trainer: command
              base_model: b
              overrides: {save_steps: 5, learning_rate: 2.0e-5, packing: true, warmup_ratio: null}
        """;
    var overrides = stage(parse(HEAD + command), "train").params().get("overrides");
    assertEquals(5, overrides.get("save_steps").asInt());
    assertTrue(overrides.get("packing").isBoolean());
    assertTrue(overrides.get("warmup_ratio").isNull());

    Problem p = only(HEAD + command.replace("packing: true", "packing: [a]"));
    assertTrue(p.message().contains("a mapping of names to values"), p.format());
  }

  @Test
  void anEvalAfterAnotherStageReadsNothingAndNeedsAnEndpoint() throws Exception {
    Problem p = only(HEAD + EVAL);
    assertTrue(p.message().contains("names no base_url and reads no train stage"), p.format());
    assertEquals(14, p.line(), p.format()); // the eval's params

    Recipe recipe =
        parse(
            HEAD
                + EVAL.replace(
                    "params:", "params:\n      base_url: 'http://h:1/v1'\n      model: m"));
    assertEquals(List.of(), stage(recipe, "eval").inputs(), "an eval after an export reads none");
  }

  @Test
  void anEvalOfATrainStageMayNotNameItsOwnModel() {
    Problem p = only(HEAD + TRAIN + EVAL.replace("params:", "params:\n      model: m"));
    assertTrue(
        p.message().contains("names model but scores the model of train stage 'train'"),
        p.format());
  }

  @Test
  void anEvalReadingANonTrainStageIsRejected() {
    Problem p = only(HEAD + EVAL.replace("kind: eval", "kind: eval\n    inputs: [export]"));
    assertTrue(
        p.message().contains("reads stage 'export', which is not a train stage"), p.format());
  }

  @Test
  void serveNeedsATrainStageAndFineTuningNeedsAUrl() {
    Problem serve =
        only(
            HEAD
                + EVAL.replace(
                    "params:",
                    "params:\n      base_url: 'http://h:1/v1'\n      model: m\n      serve: 'vllm serve {model} --port {port}'"));
    assertTrue(serve.message().contains("serves a model but reads no train stage"), serve.format());

    Problem url = only(HEAD + TRAIN.replace(", base_url: 'http://localhost:8000/v1'", ""));
    assertTrue(
        url.message().contains("uses trainer openai-finetune but names no base_url"), url.format());
    Problem trainer = only(HEAD + TRAIN.replace("openai-finetune", "llamafactory"));
    assertTrue(trainer.message().contains("trainer"), trainer.format());
  }
}
