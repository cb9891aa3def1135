package dev.distillery.stages;

import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;

/** {@code synthetic-arithmetic}: generates arithmetic questions with known answers from a seed. */
public final class SyntheticArithmeticStage implements Stage {
  @Override
  public void run(StageContext context) throws Exception {
    int count = context.params().get("count").asInt();
    long seed = context.params().get("seed").asLong();
    int maxOperand = context.params().get("max_operand").asInt();
    int operations = context.params().get("operations").asInt();
    String source = context.params().get("source_name").asText();
    for (int i = 0; i < count; i++) {
      ArithmeticProblem problem = ArithmeticProblems.generate(seed, i, maxOperand, operations);
      context
          .out()
          .write(Rows.question(problem.id(), source, "math", problem.question(), problem.answer()));
      if (i % 1000 == 0) {
        context.progress().report(i, count);
      }
    }
  }
}
