package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.ChatClient;
import dev.distillery.llm.OpenAiEmbeddingClient;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.stages.scoring.ClassifierScorer;
import dev.distillery.stages.scoring.EmbeddingScorer;
import dev.distillery.stages.scoring.HashedLinearClassifier;
import dev.distillery.stages.scoring.LlmPrompts;
import dev.distillery.stages.scoring.LlmScorer;
import dev.distillery.stages.scoring.QuestionScorer;
import dev.distillery.stages.scoring.RandomScorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code score-questions}: scores every question with {@code method} ({@code random}, {@code
 * llm-difficulty}, {@code response-length}, {@code askllm}, {@code embedding} or {@code
 * classifier}), then keeps the {@code keep_top} best, the best {@code keep} fraction, or those
 * scoring at least {@code min_score}. Scores stay in the rows ({@code score}, {@code score_method},
 * and {@code difficulty} for a difficulty rating); ties are broken by a seeded rank of the row id.
 * Rows the model gave no readable score are dropped as {@code unscored} and counted in {@code
 * score_parse_failures}.
 */
public final class ScoreQuestionsStage implements Stage {
  static final String KIND = "score-questions";

  @Override
  public void run(StageContext context) throws Exception {
    ObjectNode p = context.params();
    String method = p.get("method").asText();
    int selectors = 0;
    for (String s : List.of("keep_top", "keep", "min_score")) {
      selectors += p.hasNonNull(s) ? 1 : 0;
    }
    if (selectors != 1) {
      throw context.userError(
          KIND,
          "set exactly one of params.keep_top (how many questions to keep), params.keep (a"
              + " fraction, e.g. 0.25) or params.min_score (the lowest score kept); "
              + (selectors == 0 ? "none is set." : selectors + " are set."));
    }
    if (method.equals("askllm") && p.path("examples").isEmpty()) {
      throw context.userError(
          KIND,
          "method askllm needs params.examples: a list of questions of the kind to keep, which"
              + " the model compares each question with.");
    }
    List<ObjectNode> rows = new ArrayList<>();
    context.inputs().get(0).forEach(rows::add);
    context.out().countIn(rows.size());

    List<Double> scores;
    if (method.equals("random") || method.equals("classifier")) {
      scores = scorer(context, method, null).scoreAll(rows);
    } else if (method.equals("embedding")) {
      requireEndpoint(context, method);
      try (OpenAiEmbeddingClient client =
          context.services().chatClients().embeddings(TeacherStage.endpoint(context))) {
        scores =
            new EmbeddingScorer(
                    client,
                    p.get("model").asText(),
                    texts(context, "positives"),
                    texts(context, "negatives"),
                    context.progress())
                .scoreAll(rows);
      }
    } else {
      requireEndpoint(context, method);
      try (ChatClient client =
          context.services().chatClients().create(TeacherStage.endpoint(context))) {
        scores = scorer(context, method, client).scoreAll(rows);
      }
    }
    select(context, rows, scores, method);
  }

  private static QuestionScorer scorer(StageContext context, String method, ChatClient client)
      throws Exception {
    ObjectNode p = context.params();
    long seed = p.get("seed").asLong();
    return switch (method) {
      case "random" -> new RandomScorer(seed);
      case "classifier" ->
          new ClassifierScorer(
              HashedLinearClassifier.train(
                  texts(context, "positives"), texts(context, "negatives"), seed));
      case "llm-difficulty" -> llm(context, client, LlmPrompts::difficulty, method);
      case "askllm" -> llm(context, client, LlmPrompts::askLlm, method);
      case "response-length" -> llm(context, client, LlmPrompts::answer, method);
      default -> throw context.userError(KIND, "unknown method '" + method + "'");
    };
  }

  private static QuestionScorer llm(
      StageContext context,
      ChatClient client,
      java.util.function.BiFunction<ObjectNode, ObjectNode, dev.distillery.llm.ChatRequest> prompt,
      String method) {
    ObjectNode p = context.params();
    return new LlmScorer(
        context,
        client,
        p.get("base_url").asText(),
        p.get("concurrency").asInt(),
        row -> prompt.apply(p, row),
        switch (method) {
          case "llm-difficulty" -> LlmPrompts::parseDifficulty;
          case "askllm" -> LlmPrompts::parseAskLlm;
          default -> LlmPrompts::parseAnswerLength;
        });
  }

  private static void requireEndpoint(StageContext context, String method)
      throws StageUserException {
    for (String param : List.of("base_url", "model")) {
      if (!context.params().hasNonNull(param)) {
        throw context.userError(
            KIND,
            "method "
                + method
                + " asks a model: set params."
                + param
                + " (an OpenAI-compatible endpoint, e.g. base_url: http://localhost:8000/v1 and"
                + " the model it serves).");
      }
    }
  }

  /** The {@code question} of every row of the JSONL(.zst) files listed in {@code param}. */
  private static List<String> texts(StageContext context, String param) throws Exception {
    return ExampleTexts.read(context, KIND, param, List.of(Rows.QUESTION));
  }

  private static void select(
      StageContext context, List<ObjectNode> rows, List<Double> scores, String method)
      throws Exception {
    ObjectNode p = context.params();
    long seed = p.get("seed").asLong();
    List<Integer> scored = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (scores.get(i) != null) {
        rows.get(i).put("score", scores.get(i)).put("score_method", method);
        scored.add(i);
      }
    }
    boolean[] kept = new boolean[rows.size()];
    if (p.hasNonNull("min_score")) {
      double min = p.get("min_score").asDouble();
      scored.forEach(i -> kept[i] = scores.get(i) >= min);
    } else {
      int quota =
          p.hasNonNull("keep_top")
              ? p.get("keep_top").asInt()
              : (int) Math.ceil(p.get("keep").asDouble() * scored.size());
      IntStream.range(0, scored.size())
          .mapToObj(scored::get)
          .sorted(
              Comparator.comparingDouble((Integer i) -> -scores.get(i))
                  .thenComparingLong(i -> Rows.rank(seed, Rows.text(rows.get(i), Rows.ID))))
          .limit(Math.max(0, quota))
          .forEach(i -> kept[i] = true);
    }
    for (int i = 0; i < rows.size(); i++) {
      if (kept[i]) {
        context.out().write(rows.get(i));
      } else {
        context
            .out()
            .drop(
                scores.get(i) == null
                    ? "unscored"
                    : p.hasNonNull("min_score") ? "below_min_score" : "not_in_top");
      }
    }
  }
}
