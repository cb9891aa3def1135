package dev.distillery.llm.simulated;

import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;

/**
 * The simulator's question writer {@value #MODEL}: answers any prompt with a new arithmetic problem
 * (labelled "Problem:", as models often do), a pure function of the prompt and a variation key, so
 * that generated questions can be answered and checked by the simulated teacher downstream.
 */
final class SimulatedWriter {
  static final String MODEL = "simulated-writer";

  private SimulatedWriter() {}

  /**
   * @param variation the sample's key: its index without a seed, its seed ({@code seed + index})
   *     with one; samples of one request have distinct keys, so their problems differ as those of
   *     different indices do
   */
  static SimulatedChoice answer(String prompt, long variation) {
    long seed = prompt.hashCode();
    // The low 31 bits: the identity on indices, so unseeded samples keep their problems, and
    // injective on any 2^31 consecutive keys, even where seed + index wraps past Long.MAX_VALUE.
    int index = (int) (variation & Integer.MAX_VALUE);
    ArithmeticProblem p =
        ArithmeticProblems.generate(seed, index, 30, 1 + (int) Math.floorMod(seed, 3L));
    String content = "Problem: " + p.question();
    return new SimulatedChoice("", content, "stop", SimulatedTeacher.countWords(content));
  }
}
