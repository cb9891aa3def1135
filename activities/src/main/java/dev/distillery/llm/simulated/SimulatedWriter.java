package dev.distillery.llm.simulated;

import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;

/**
 * The simulator's question writer {@value #MODEL}: answers any prompt with a new arithmetic problem
 * (labelled "Problem:", as models often do), a pure function of the prompt and the sample index, so
 * that generated questions can be answered and checked by the simulated teacher downstream.
 */
final class SimulatedWriter {
  static final String MODEL = "simulated-writer";

  private SimulatedWriter() {}

  static SimulatedChoice answer(String prompt, int index) {
    long seed = prompt.hashCode();
    ArithmeticProblem p =
        ArithmeticProblems.generate(seed, index, 30, 1 + (int) Math.floorMod(seed, 3L));
    String content = "Problem: " + p.question();
    return new SimulatedChoice("", content, "stop", SimulatedTeacher.countWords(content));
  }
}
