package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatMessage;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.Completion;
import dev.distillery.llm.CompletionBatch;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.stages.core.EndpointSpec;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.OrderedCompletions;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.SpendGate;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StagePausedException;
import dev.distillery.stages.core.StageUserException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code teacher}: asks an OpenAI-compatible endpoint for {@code n} answers to every question and
 * writes one row per answer with its reasoning, answer, finish reason, tokens and latency. With
 * {@code questions} only the first that many input questions are answered (a sharded run plans its
 * shards over those alone), so {@code n} and {@code questions} together fix the number of answers
 * at a chosen split: 1 x 31,600, 4 x 7,900 or 16 x 1,975 as in OpenThoughts3. Up to {@code
 * concurrency} requests are in flight; rows are written in question order so a recompute against a
 * deterministic endpoint gives the same bytes. Every completion goes through the worker's {@link
 * CompletionBroker}: one already obtained by any stage, experiment, sweep or earlier attempt is
 * reused, never requested again. Requests go through the context's {@link SpendGate}: when the
 * sweep's budget closes, no request starts and the stage ends with {@link StagePausedException}
 * after its requests in flight.
 *
 * <p>An answer cut at {@code max_tokens} ({@code finish_reason: length}) is kept as a row like any
 * other, its reasoning and (possibly empty) response as the endpoint gave them, and counted as
 * {@code truncated}; stages after it decide whether to drop it ({@code drop_truncated}).
 */
public final class TeacherStage implements Stage {
  public static final String SAMPLE = "sample";
  public static final String TEACHER = "teacher";
  public static final String REASONING = "reasoning";
  public static final String RESPONSE = "response";
  public static final String FINISH_REASON = "finish_reason";
  public static final String COMPLETION_TOKENS = "completion_tokens";
  private static final String KIND = "teacher";

  @Override
  public void run(StageContext context) throws Exception {
    ObjectNode p = context.params();
    String baseUrl = p.get("base_url").asText();
    String model = p.get("model").asText();
    int n = p.get("n").asInt();
    int concurrency = p.get("concurrency").asInt();
    ObjectNode teacher = Rows.JSON.createObjectNode();
    teacher.put("base_url", baseUrl).put("model", model).put("n", n);
    for (String param : List.of("temperature", "max_tokens", "top_p", "seed", "stop")) {
      if (p.hasNonNull(param)) {
        teacher.set(param, p.get(param));
      }
    }
    Prices prices = new Prices(p);

    long limit = p.hasNonNull("questions") ? p.get("questions").asLong() : Long.MAX_VALUE;
    List<ObjectNode> questions = new ArrayList<>();
    context
        .inputs()
        .get(0)
        .forEach(
            question -> {
              if (questions.size() < limit) {
                questions.add(question);
              }
            });
    context.out().countIn(questions.size());

    try (ChatClient client =
        new GatedChatClient(
            context.services().chatClients().create(endpoint(context)), context.budget(), prices)) {
      OrderedCompletions.run(
          context,
          KIND,
          client,
          baseUrl,
          concurrency,
          questions.size(),
          i -> request(p, questions.get(i)),
          (i, batch) -> {
            writeAnswers(context, questions.get(i), teacher, batch, prices);
            context.progress().report(i + 1, questions.size());
          });
    }
  }

  /** The request for one question: {@code n} samples under the stage's generation params. */
  public static ChatRequest request(ObjectNode p, ObjectNode question) {
    List<ChatMessage> messages = new ArrayList<>();
    if (p.hasNonNull("system_prompt")) {
      messages.add(ChatMessage.system(p.get("system_prompt").asText()));
    }
    messages.add(ChatMessage.user(userMessage(p, question)));
    List<String> stop = new ArrayList<>();
    p.path("stop").forEach(s -> stop.add(s.asText()));
    return new ChatRequest(
        p.get("model").asText(),
        messages,
        p.get("n").asInt(),
        p.get("temperature").asDouble(),
        p.get("max_tokens").asInt(),
        p.hasNonNull("seed") ? p.get("seed").asLong() : null,
        p.hasNonNull("top_p") ? p.get("top_p").asDouble() : null,
        stop);
  }

  /** The question, or {@code prompt_template} with its {@code {field}} placeholders filled in. */
  static String userMessage(ObjectNode p, ObjectNode question) {
    String text = Rows.text(question, Rows.QUESTION);
    if (!p.hasNonNull("prompt_template")) {
      return text;
    }
    return p.get("prompt_template")
        .asText()
        .replace("{question}", text)
        .replace("{domain}", question.path(Rows.DOMAIN).asText(""))
        .replace("{source}", question.path(Rows.SOURCE).asText(""))
        .replace("{id}", question.path(Rows.ID).asText(""));
  }

  private static void writeAnswers(
      StageContext context,
      ObjectNode question,
      ObjectNode teacher,
      CompletionBatch batch,
      Prices prices)
      throws IOException {
    context.out().count("requests", batch.requests());
    context.out().count("retries", batch.retries());
    context.out().count("completions_reused", batch.reused());
    context.out().count("prompt_tokens", batch.promptTokens());
    context.out().count("completion_tokens", batch.completionTokens());
    context.out().count("cost_microusd", prices.microUsd(batch));
    batch.errors().forEach((kind, count) -> context.out().count("errors_" + kind, count));
    for (Completion completion : batch.completions()) {
      ObjectNode row = question.deepCopy();
      row.put(SAMPLE, completion.sample());
      row.set(TEACHER, teacher);
      row.put(REASONING, completion.reasoning());
      row.put(RESPONSE, completion.content());
      row.put(FINISH_REASON, completion.finishReason());
      row.put(COMPLETION_TOKENS, completion.completionTokens());
      row.put("latency_ms", completion.latencyMillis());
      if ("length".equals(completion.finishReason())) {
        context.out().count("truncated", 1);
      }
      context.out().write(row);
    }
  }

  /**
   * Whether {@code row} is a teacher answer: it has a {@code response}, or at least a {@code
   * finish_reason} (an answer cut off at the token limit may have reasoning alone).
   */
  static boolean isAnswer(ObjectNode row) {
    return row.has(RESPONSE) || row.has(FINISH_REASON);
  }

  /**
   * Counts {@code row} of {@code input} in for a stage that reads teacher answers and drops it when
   * its answer was cut off and {@code dropTruncated}; returns whether the row goes on.
   *
   * @param fix the sentence that tells the user what to change when the rows are no teacher answers
   *     (a user error of stage {@code kind})
   */
  static boolean admitAnswer(
      StageContext context,
      String kind,
      Input input,
      ObjectNode row,
      boolean dropTruncated,
      String fix)
      throws IOException, StageUserException {
    context.out().countIn(1);
    if (!isAnswer(row)) {
      throw context.userError(
          kind,
          "its input (a '"
              + input.kind()
              + "' stage) has no teacher answers: rows lack the 'response' field. "
              + fix);
    }
    if (dropTruncated && truncated(row)) {
      context.out().dropRow(row, "truncated", truncation(row));
      return false;
    }
    return true;
  }

  /**
   * Whether a teacher row's answer was cut off at the token limit ({@code finish_reason: length}).
   */
  static boolean truncated(ObjectNode row) {
    return "length".equals(Rows.text(row, FINISH_REASON));
  }

  /**
   * The {@code dropped_by} detail of a truncated teacher row: those of its {@code finish_reason},
   * {@code completion_tokens} and the teacher's {@code max_tokens} that it has.
   */
  static ObjectNode truncation(ObjectNode row) {
    ObjectNode detail = Rows.JSON.createObjectNode();
    for (String field : List.of(FINISH_REASON, COMPLETION_TOKENS)) {
      if (row.hasNonNull(field)) {
        detail.set(field, row.get(field));
      }
    }
    if (row.path(TEACHER).hasNonNull("max_tokens")) {
      detail.set("max_tokens", row.get(TEACHER).get("max_tokens"));
    }
    return detail;
  }

  /** The endpoint the stage's params name, with its API key read from the worker's environment. */
  public static EndpointSpec endpoint(StageContext context) throws StageUserException {
    return endpoint(context.stageId(), context.params(), context.services().environment());
  }

  /** As {@link #endpoint(StageContext)}, for the stage {@code stageId}. */
  public static EndpointSpec endpoint(String stageId, ObjectNode p, Map<String, String> env)
      throws StageUserException {
    return endpoint(KIND, stageId, p, env);
  }

  /**
   * As {@link #endpoint(String, ObjectNode, Map)}, for a stage of {@code kind} that names an
   * endpoint with the teacher's params (base_url, api_key_env and the request tuning params; those
   * it lacks take the teacher's defaults, one request at a time).
   */
  public static EndpointSpec endpoint(
      String kind, String stageId, ObjectNode p, Map<String, String> env)
      throws StageUserException {
    String apiKey = null;
    String variable = p.hasNonNull("api_key_env") ? p.get("api_key_env").asText() : null;
    if (variable != null) {
      apiKey = env.get(variable);
      if (apiKey == null || apiKey.isBlank()) {
        throw new StageUserException(
            kind
                + " stage '"
                + stageId
                + "': "
                + "params.api_key_env names the environment variable '"
                + variable
                + "', which is not"
                + " set for the worker. Export it where the worker runs, or remove api_key_env for"
                + " an endpoint without authentication.");
      }
    }
    return new EndpointSpec(
        p.get("base_url").asText(),
        apiKey,
        variable,
        p.path("concurrency").asInt(1),
        p.path("max_retries").asInt(6),
        p.path("timeout_seconds").asInt(600),
        p.path("requests_per_minute").asLong(0),
        p.path("tokens_per_minute").asLong(0));
  }
}
