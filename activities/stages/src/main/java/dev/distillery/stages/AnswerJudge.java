package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.ChatMessage;
import dev.distillery.llm.ChatRequest;
import dev.distillery.stages.core.Rows;
import java.util.List;
import java.util.Optional;

/**
 * The prompt and the verdict format of {@code filter-answers} with {@code method: llm-judge}. The
 * judge sees the question, the teacher's answer (not its reasoning) and, when asked to, the row's
 * reference answer, and must reply with the JSON object {@code {"correct": true}} or {@code
 * {"correct": false}}, possibly inside other text (a code fence, a sentence).
 */
public final class AnswerJudge {
  static final String INSTRUCTIONS =
      "You grade answers to questions. Decide whether the answer below is correct. Reply with"
          + " only a JSON object: {\"correct\": true} or {\"correct\": false}.";

  private AnswerJudge() {}

  /**
   * The judge request for one teacher row: greedy (temperature 0), one sample.
   *
   * @param withReference whether to show the row's reference {@code answer} when it has one
   */
  public static ChatRequest request(
      String model, int maxTokens, ObjectNode row, boolean withReference) {
    StringBuilder prompt = new StringBuilder();
    prompt.append("Question:\n").append(Rows.text(row, Rows.QUESTION)).append("\n\n");
    prompt.append("Answer:\n").append(Rows.text(row, TeacherStage.RESPONSE)).append('\n');
    String reference = Rows.text(row, Rows.ANSWER);
    if (withReference && !reference.isBlank()) {
      prompt.append("\nReference answer:\n").append(reference).append('\n');
    }
    return new ChatRequest(
        model,
        List.of(ChatMessage.system(INSTRUCTIONS), ChatMessage.user(prompt.toString())),
        1,
        0.0,
        maxTokens,
        null);
  }

  /**
   * The verdict in a judge's reply: the boolean {@code correct} of the outermost JSON object in the
   * text. Empty when there is no such object or {@code correct} is not a boolean.
   */
  public static Optional<Boolean> verdict(String reply) {
    if (reply == null) {
      return Optional.empty();
    }
    int open = reply.indexOf('{');
    int close = reply.lastIndexOf('}');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    try {
      JsonNode json = Rows.JSON.readTree(reply.substring(open, close + 1));
      JsonNode correct = json.get("correct");
      return correct != null && correct.isBoolean()
          ? Optional.of(correct.booleanValue())
          : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
