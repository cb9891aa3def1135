package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.grading.Grader;
import dev.distillery.grading.MathGrader;
import dev.distillery.grading.Verdict;
import dev.distillery.llm.ChatClient;
import dev.distillery.llm.CompletionBatch;
import dev.distillery.llm.LlmException;
import dev.distillery.stages.core.EndpointSpec;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.stages.scoring.HashedLinearClassifier;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code filter-answers}: keeps the teacher answers that pass one filter, in input order. First,
 * with {@code drop_truncated} (the default), answers cut off at the token limit are dropped ({@code
 * truncated}) into the stage's dropped rows, with their {@code finish_reason}, {@code
 * completion_tokens} and the teacher's {@code max_tokens} under {@code dropped_by}; then {@code
 * method} decides among the rest:
 *
 * <ul>
 *   <li>{@code none}: keep every answer.
 *   <li>{@code majority}: per question, extract each sample's final answer ({@link FinalAnswers})
 *       and keep the samples whose normalized answer is the most common one. On a tie every tied
 *       answer is kept (a tie is no consensus, so nothing is thrown away for it). Samples without a
 *       final answer are dropped ({@code no_answer}), the others {@code minority}.
 *   <li>{@code length}: per question, keep the {@code k} samples with the longest (or, with {@code
 *       order: shortest}, the shortest) text, counted in characters of reasoning plus answer; equal
 *       lengths are ranked by sample order. Others are dropped ({@code length}).
 *   <li>{@code verify}: keep a sample whose final answer is equivalent to the row's reference
 *       {@code answer} by the math grader ({@link MathGrader}: {@code 1/2}, {@code 0.5} and {@code
 *       \frac{1}{2}} agree); rows without a reference are dropped ({@code no_reference}), wrong
 *       ones {@code incorrect}, ones without a final answer {@code no_answer}.
 *   <li>{@code classifier}: a hashed-n-gram linear classifier (fastText style) trained on the
 *       answer texts ({@code response}, else {@code text}) of the {@code positives} files against
 *       those of the {@code negatives}; keeps an answer whose probability is at least {@code
 *       min_score}, kept in the row as {@code answer_score}; others are dropped ({@code
 *       classifier}).
 *   <li>{@code llm-judge}: ask the endpoint of {@code base_url}/{@code model} whether each answer
 *       is correct ({@link AnswerJudge}); incorrect ones are dropped ({@code judged_incorrect}).
 *       Replies that are not a verdict are counted ({@code judge_parse_failures}) and kept with
 *       {@code keep_unparsed}, else dropped ({@code judge_parse_failure}). Judgments go through the
 *       worker's completion store, so a rerun does not pay for them again.
 * </ul>
 *
 * <p>The per-question methods stream: the teacher writes the samples of one question together (a
 * sharded teacher's shards are concatenated in input order), so a question's group ends when the
 * next id starts. A question id seen again after its group ended is a user error (its input was
 * reordered); remembering the finished ids costs a 64-bit hash per question.
 *
 * <p>Kept rows gain {@code final_answer} (majority, verify) or {@code judge_correct} (llm-judge).
 */
public final class FilterAnswersStage implements Stage {
  public static final String FINAL_ANSWER = "final_answer";
  public static final String JUDGE_CORRECT = "judge_correct";
  public static final String ANSWER_SCORE = "answer_score";
  private static final String KIND = "filter-answers";
  private static final Grader MATH = new MathGrader();

  @Override
  public void run(StageContext context) throws Exception {
    ObjectNode p = context.params();
    String method = p.get("method").asText();
    switch (method) {
      case "none", "verify" -> perRow(context, method);
      case "majority" -> perQuestion(context, group -> majority(context, group));
      case "length" -> {
        if (!p.hasNonNull("k")) {
          throw context.userError(
              KIND,
              "method 'length' keeps the k longest or shortest answers per question, but"
                  + " params.k is not set. Add k (for example k: 1) to the stage's params, or"
                  + " choose another method.");
        }
        int k = p.get("k").asInt();
        boolean longest = !"shortest".equals(p.get("order").asText());
        perQuestion(context, group -> length(context, group, k, longest));
      }
      case "llm-judge" -> judged(context);
      case "classifier" -> classified(context);
      default ->
          throw context.userError(
              KIND,
              "params.method is '"
                  + method
                  + "', which is not a method of this stage. Use one of: none, llm-judge,"
                  + " majority, length, verify, classifier.");
    }
  }

  /** Reads every row, counting it in and dropping truncated ones; returns false for a drop. */
  private static boolean admit(StageContext context, Input input, ObjectNode row)
      throws IOException, StageUserException {
    return TeacherStage.admitAnswer(
        context,
        KIND,
        input,
        row,
        context.params().path("drop_truncated").asBoolean(true),
        "Put filter-answers right after a teacher stage.");
  }

  private static void perRow(StageContext context, String method) throws Exception {
    Input input = context.inputs().get(0);
    input.forEach(
        row -> {
          if (!admit(context, input, row)) {
            return;
          }
          if (method.equals("none")) {
            context.out().write(row);
            return;
          }
          String reference = Rows.text(row, Rows.ANSWER);
          if (reference.isBlank()) {
            context.out().drop("no_reference");
            return;
          }
          Verdict verdict = MATH.grade(reference, Rows.text(row, TeacherStage.RESPONSE));
          if (verdict.extracted() == null) {
            context.out().drop("no_answer");
          } else if (verdict.correct()) {
            row.put(FINAL_ANSWER, verdict.extracted());
            context.out().write(row);
          } else {
            context.out().drop("incorrect");
          }
        });
  }

  /**
   * Trains a hashed-n-gram linear classifier (fastText style) on the answer texts of {@code
   * positives} vs {@code negatives}, then keeps the answers it scores at {@code min_score} or more.
   */
  private static void classified(StageContext context) throws Exception {
    List<String> fields = List.of(TeacherStage.RESPONSE, "text");
    HashedLinearClassifier classifier =
        HashedLinearClassifier.train(
            ExampleTexts.read(context, KIND, "positives", fields),
            ExampleTexts.read(context, KIND, "negatives", fields),
            0);
    double minScore = context.params().get("min_score").asDouble();
    Input input = context.inputs().get(0);
    input.forEach(
        row -> {
          if (!admit(context, input, row)) {
            return;
          }
          double score = classifier.probability(Rows.text(row, TeacherStage.RESPONSE));
          if (score >= minScore) {
            row.put(ANSWER_SCORE, Math.round(score * 10_000) / 10_000.0);
            context.out().write(row);
          } else {
            context.out().drop("classifier");
          }
        });
  }

  /** What to do with the surviving samples of one question. */
  @FunctionalInterface
  private interface GroupAction {
    void accept(List<ObjectNode> group) throws IOException;
  }

  private static void perQuestion(StageContext context, GroupAction action) throws Exception {
    Input input = context.inputs().get(0);
    Set<Long> finished = new HashSet<>();
    List<ObjectNode> group = new ArrayList<>();
    String[] current = {null};
    long[] seen = {0};
    input.forEach(
        row -> {
          String key = questionKey(row);
          if (!key.equals(current[0])) {
            if (current[0] != null) {
              action.accept(group);
              group.clear();
              finished.add(Rows.rank(0, current[0]));
            }
            if (finished.contains(Rows.rank(0, key))) {
              throw context.userError(
                  KIND,
                  "the samples of question '"
                      + key
                      + "' are not together in its input (a '"
                      + input.kind()
                      + "' stage), so they cannot be compared. Put filter-answers right after"
                      + " the teacher stage, which writes the samples of a question together.");
            }
            current[0] = key;
          }
          if (admit(context, input, row)) {
            group.add(row);
          }
          if (++seen[0] % 10_000 == 0) {
            context.progress().report(seen[0], -1);
          }
        });
    if (current[0] != null) {
      action.accept(group);
    }
  }

  /** The id a teacher row's question had, or its text when the source gave no id. */
  static String questionKey(ObjectNode row) {
    String id = Rows.text(row, Rows.ID);
    return id.isEmpty() ? Rows.text(row, Rows.QUESTION) : id;
  }

  private static void majority(StageContext context, List<ObjectNode> group) throws IOException {
    List<String> answers = new ArrayList<>();
    Map<String, Integer> votes = new HashMap<>();
    for (ObjectNode row : group) {
      String answer =
          FinalAnswers.extract(Rows.text(row, TeacherStage.RESPONSE))
              .map(FinalAnswers::normalize)
              .orElse(null);
      answers.add(answer);
      if (answer != null) {
        votes.merge(answer, 1, Integer::sum);
      }
    }
    int most = votes.values().stream().max(Integer::compare).orElse(0);
    for (int i = 0; i < group.size(); i++) {
      String answer = answers.get(i);
      if (answer == null) {
        context.out().drop("no_answer");
      } else if (votes.get(answer) == most) {
        ObjectNode row = group.get(i);
        row.put(FINAL_ANSWER, answer);
        context.out().write(row);
      } else {
        context.out().drop("minority");
      }
    }
  }

  private static void length(StageContext context, List<ObjectNode> group, int k, boolean longest)
      throws IOException {
    List<Integer> ranked = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      ranked.add(i);
    }
    Comparator<Integer> byLength = Comparator.comparingInt(i -> textLength(group.get(i)));
    // The sort is stable: equal lengths stay in sample order.
    ranked.sort(longest ? byLength.reversed() : byLength);
    Set<Integer> kept = new HashSet<>(ranked.subList(0, Math.min(k, ranked.size())));
    for (int i = 0; i < group.size(); i++) {
      if (kept.contains(i)) {
        context.out().write(group.get(i));
      } else {
        context.out().drop("length");
      }
    }
  }

  private static int textLength(ObjectNode row) {
    return Rows.text(row, TeacherStage.REASONING).length()
        + Rows.text(row, TeacherStage.RESPONSE).length();
  }

  private record Pending(ObjectNode row, Future<CompletionBatch> judgment) {}

  private static void judged(StageContext context) throws Exception {
    ObjectNode p = context.params();
    for (String param : List.of("base_url", "model")) {
      if (!p.hasNonNull(param)) {
        throw context.userError(
            KIND,
            "method 'llm-judge' asks a model whether each answer is correct, but params."
                + param
                + " is not set. Add base_url (an OpenAI-compatible endpoint such as"
                + " http://host:8000/v1) and model (the judge model's name) to the stage's params.");
      }
    }
    String baseUrl = p.get("base_url").asText();
    String model = p.get("model").asText();
    int maxTokens = p.get("max_tokens").asInt();
    boolean withReference = p.get("use_reference").asBoolean();
    boolean keepUnparsed = p.get("keep_unparsed").asBoolean();
    int concurrency = p.get("concurrency").asInt();
    EndpointSpec endpoint =
        TeacherStage.endpoint(KIND, context.stageId(), p, context.services().environment());
    Input input = context.inputs().get(0);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try (ChatClient client = context.services().chatClients().create(endpoint)) {
      Deque<Pending> window = new ArrayDeque<>();
      long[] done = {0};
      input.forEach(
          row -> {
            if (!admit(context, input, row)) {
              return;
            }
            var request = AnswerJudge.request(model, maxTokens, row, withReference);
            window.add(
                new Pending(
                    row,
                    pool.submit(
                        () ->
                            context.services().completions().complete(baseUrl, request, client))));
            if (window.size() >= concurrency * 4) {
              decide(context, window.poll(), keepUnparsed);
              context.progress().report(++done[0], -1);
            }
          });
      while (!window.isEmpty()) {
        decide(context, window.poll(), keepUnparsed);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void decide(StageContext context, Pending pending, boolean keepUnparsed)
      throws Exception {
    CompletionBatch batch;
    try {
      batch = pending.judgment().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LlmException llm) {
        if (!llm.retryable()) {
          throw context.userError(
              KIND, "the judge endpoint refused a request: " + llm.getMessage());
        }
        throw new IOException(llm.getMessage(), llm);
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    context.out().count("judge_requests", batch.requests());
    context.out().count("judge_prompt_tokens", batch.promptTokens());
    context.out().count("judge_completion_tokens", batch.completionTokens());
    context.out().count("judgments_reused", batch.reused());
    Optional<Boolean> verdict = AnswerJudge.verdict(batch.completions().get(0).content());
    ObjectNode row = pending.row();
    if (verdict.isEmpty()) {
      context.out().count("judge_parse_failures", 1);
      if (keepUnparsed) {
        row.putNull(JUDGE_CORRECT);
        context.out().write(row);
      } else {
        context.out().drop("judge_parse_failure");
      }
    } else if (verdict.get()) {
      row.put(JUDGE_CORRECT, true);
      context.out().write(row);
    } else {
      context.out().drop("judged_incorrect");
    }
  }
}
