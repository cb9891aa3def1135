package dev.distillery.llm.simulated;

import dev.distillery.arithmetic.ArithmeticProblems;
import java.util.Optional;

/**
 * The simulator's judge models, chosen by model name: {@code simulated-rater} answers a difficulty
 * rating as {@code {"difficulty": d, "reasoning": ...}}, where d grows with the arithmetic
 * problem's operations and operand sizes (5 for anything else); {@code simulated-askllm} answers a
 * number 1-100 that grows with the problem's operations. Pure functions of the question, like the
 * teacher.
 */
final class SimulatedRater {
  static final String RATER = "simulated-rater";
  static final String ASKLLM = "simulated-askllm";

  private SimulatedRater() {}

  static boolean handles(String model) {
    return model.startsWith(RATER) || model.startsWith(ASKLLM);
  }

  static SimulatedChoice answer(String model, String message) {
    // An askllm prompt lists examples first; the question to judge follows "Question:".
    int at = message.lastIndexOf("Question:\n");
    String question = at < 0 ? message : message.substring(at);
    Optional<String> expression = ArithmeticProblems.expressionOf(question);
    int operations = expression.map(SimulatedRater::operations).orElse(-1);
    int digits = expression.map(e -> (int) e.chars().filter(Character::isDigit).count()).orElse(0);
    String content;
    if (model.startsWith(RATER)) {
      int difficulty = operations < 0 ? 5 : Math.min(10, 1 + operations + digits / 4);
      content =
          "{\"difficulty\": "
              + difficulty
              + ", \"reasoning\": \""
              + (operations < 0 ? "Not arithmetic." : operations + " operations.")
              + "\"}";
    } else {
      content = Integer.toString(operations < 0 ? 1 : Math.min(100, 10 + 20 * operations));
    }
    return new SimulatedChoice("", content, "stop", SimulatedTeacher.countWords(content));
  }

  /** Tokens that are not numbers (the expression is tokenized with single spaces). */
  private static int operations(String expression) {
    int count = 0;
    for (String token : expression.split(" ")) {
      count += token.matches("-?\\d+") ? 0 : 1;
    }
    return count;
  }
}
