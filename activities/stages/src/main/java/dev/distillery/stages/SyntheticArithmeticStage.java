package dev.distillery.stages;

import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;

/** {@code synthetic-arithmetic}: generates arithmetic questions with known answers from a seed. */
public final class SyntheticArithmeticStage implements Stage {
  @Override
  public void run(StageContext context) throws Exception {
    SyntheticArithmeticParams params = context.params(SyntheticArithmeticParams.class);
    int count = params.count();
    long seed = params.seed();
    int maxOperand = params.maxOperand();
    int operations = params.operations();
    String source = params.sourceName();
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
