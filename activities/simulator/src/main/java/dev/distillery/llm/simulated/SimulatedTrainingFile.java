package dev.distillery.llm.simulated;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.grading.BoxedAnswers;
import dev.distillery.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * What the simulator's fine-tuning learns from a training file in OpenAI's chat format, one example
 * a line: {@code {"messages": [{"role": "system", ...}?, {"role": "user", "content": Q}, {"role":
 * "assistant", "content": A}]}}.
 *
 * @param rows the examples
 * @param rightRows the examples whose last user message is an arithmetic question the simulator can
 *     solve and whose last assistant message's last {@code \boxed{}} holds its value
 * @param tokens the words of all messages, the simulator's token count for one epoch
 */
record SimulatedTrainingFile(long rows, long rightRows, long tokens) {

  private static final ObjectMapper MAPPER = Json.mapper();
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

  /**
   * Reads and tallies a training file.
   *
   * @throws IllegalArgumentException with the reason, as OpenAI words a failed validation, when a
   *     line is not a chat example or the file has none
   */
  static SimulatedTrainingFile parse(byte[] bytes) {
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    long rows = 0;
    long right = 0;
    long tokens = 0;
    for (int number = 1; number <= lines.length; number++) {
      String line = lines[number - 1].strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode example;
      try {
        example = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        throw invalid(number, "the line is not JSON.");
      }
      JsonNode messages = example == null ? null : example.get("messages");
      if (messages == null || !messages.isArray() || messages.isEmpty()) {
        throw invalid(number, "missing 'messages', a non-empty array of messages.");
      }
      String question = null;
      String answer = null;
      for (int m = 0; m < messages.size(); m++) {
        JsonNode message = messages.get(m);
        String role = message.path("role").asText("");
        if (!ROLES.contains(role)) {
          throw invalid(number, "message " + (m + 1) + " has an unrecognized role '" + role + "'.");
        }
        if (!message.path("content").isTextual()) {
          throw invalid(number, "message " + (m + 1) + " has no text 'content'.");
        }
        String content = message.get("content").asText();
        tokens += SimulatedTeacher.countWords(content);
        if ("user".equals(role)) {
          question = content;
        } else if ("assistant".equals(role)) {
          answer = content;
        }
      }
      if (answer == null) {
        throw invalid(number, "no assistant message to learn from.");
      }
      rows++;
      right += isRight(question, answer) ? 1 : 0;
    }
    if (rows == 0) {
      throw new IllegalArgumentException(
          "The training file has 0 examples, but must have at least 1 example.");
    }
    return new SimulatedTrainingFile(rows, right, tokens);
  }

  /** The accuracy of a model trained on this file, by {@link SimulatedFineTunedModel}'s rule. */
  double accuracy() {
    return SimulatedFineTunedModel.accuracy(rows, rightRows);
  }

  /** Whether {@code answer} boxes the value of the arithmetic question {@code question}. */
  static boolean isRight(String question, String answer) {
    try {
      Optional<String> expression = ArithmeticProblems.expressionOf(question);
      Optional<String> boxed = BoxedAnswers.lastBoxed(answer);
      return expression.isPresent()
          && boxed.isPresent()
          && Long.parseLong(boxed.get().replaceAll("[\\s,]", ""))
              == ArithmeticProblems.evaluate(expression.get());
    } catch (ArithmeticException | IllegalArgumentException e) {
      return false; // Not a question the simulator can solve, or not a number.
    }
  }

  private static IllegalArgumentException invalid(int line, String problem) {
    return new IllegalArgumentException(
        "The job failed due to an invalid training file. Invalid file format. Line "
            + line
            + ": "
            + problem);
  }
}
