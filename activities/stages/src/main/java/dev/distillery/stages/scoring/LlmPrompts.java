package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.ChatMessage;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.Completion;
import dev.distillery.stages.core.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompts and reply parsers of the LLM-based question scores: {@code llm-difficulty} (a 1-10
 * rating with a rubric, as JSON), {@code askllm} (1-100 resemblance to example questions) and
 * {@code response-length} (the length of the model's own answer).
 */
public final class LlmPrompts {
  /** The default rubric for {@code llm-difficulty}; the {@code rubric} param replaces it. */
  public static final String DIFFICULTY_RUBRIC =
      "You are an expert at judging how hard problems are. Rate the difficulty of the problem the"
          + " user gives on a scale from 1 (trivial: one step, no special knowledge) to 10"
          + " (olympiad level: deep insight and long, careful reasoning). Weigh the number of"
          + " steps, the knowledge needed and how easy it is to make a mistake. Reply with JSON"
          + " only: {\"difficulty\": <integer 1-10>, \"reasoning\": \"<one or two sentences>\"}.";

  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private LlmPrompts() {}

  /** The rating request of {@code llm-difficulty}. */
  public static ChatRequest difficulty(ObjectNode p, ObjectNode row) {
    String rubric = p.hasNonNull("rubric") ? p.get("rubric").asText() : DIFFICULTY_RUBRIC;
    return request(
        p,
        List.of(ChatMessage.system(rubric), ChatMessage.user(Rows.text(row, Rows.QUESTION))),
        0.0,
        1024);
  }

  /** Reads {@code {"difficulty": d, "reasoning": ...}}; d must be 1-10. */
  public static Double parseDifficulty(ObjectNode row, Completion reply) {
    String text = reply.content() == null ? "" : reply.content();
    int open = text.indexOf('{');
    int close = text.lastIndexOf('}');
    if (open < 0 || close < open) {
      return null;
    }
    try {
      JsonNode json = Rows.JSON.readTree(text.substring(open, close + 1));
      JsonNode d = json.get("difficulty");
      if (d == null || !d.canConvertToInt() || d.asInt() < 1 || d.asInt() > 10) {
        return null;
      }
      row.put("difficulty", d.asInt());
      if (json.hasNonNull("reasoning")) {
        row.put("difficulty_reasoning", json.get("reasoning").asText());
      }
      return (double) d.asInt();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** The request of {@code askllm}: how much the question resembles the {@code examples}. */
  public static ChatRequest askLlm(ObjectNode p, ObjectNode row) {
    StringBuilder user = new StringBuilder("Examples of the questions we want:\n");
    p.path("examples").forEach(e -> user.append("- ").append(e.asText()).append('\n'));
    user.append("\nQuestion:\n")
        .append(Rows.text(row, Rows.QUESTION))
        .append(
            "\n\nOn a scale from 1 to 100, how much does this question resemble the examples in"
                + " difficulty and kind? Reply with the number only.");
    return request(
        p,
        List.of(
            ChatMessage.system(
                "You judge whether a question is as hard and as valuable for training a"
                    + " reasoning model as a set of example questions."),
            ChatMessage.user(user.toString())),
        0.0,
        16);
  }

  /** Reads the first integer of the reply; it must be 1-100. */
  public static Double parseAskLlm(ObjectNode row, Completion reply) {
    Matcher m = INTEGER.matcher(reply.content() == null ? "" : reply.content());
    if (!m.find()) {
      return null;
    }
    long value = Long.parseLong(m.group());
    return value < 1 || value > 100 ? null : (double) value;
  }

  /** The request of {@code response-length}: the question itself (or {@code prompt_template}). */
  public static ChatRequest answer(ObjectNode p, ObjectNode row) {
    String text = Rows.text(row, Rows.QUESTION);
    String user =
        p.hasNonNull("prompt_template")
            ? p.get("prompt_template").asText().replace("{question}", text)
            : text;
    return request(p, List.of(ChatMessage.user(user)), 1.0, 4096);
  }

  /** The answer's completion tokens, or its words when the endpoint reported no usage. */
  public static Double parseAnswerLength(ObjectNode row, Completion reply) {
    long tokens = reply.completionTokens();
    if (tokens <= 0) {
      tokens = words(reply.reasoning()) + words(reply.content());
    }
    row.put("response_length", tokens);
    return (double) tokens;
  }

  private static long words(String text) {
    return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }

  private static ChatRequest request(
      ObjectNode p, List<ChatMessage> messages, double temperature, int maxTokens) {
    return new ChatRequest(
        p.get("model").asText(),
        new ArrayList<>(messages),
        1,
        p.hasNonNull("temperature") ? p.get("temperature").asDouble() : temperature,
        p.hasNonNull("max_tokens") ? p.get("max_tokens").asInt() : maxTokens,
        p.hasNonNull("seed") ? p.get("seed").asLong() : null,
        null,
        List.of());
  }
}
