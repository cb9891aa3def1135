package dev.distillery.cli;

import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark file of generated arithmetic questions in the simulator's format, {@code {id,
 * problem, answer}} a line, for eval stages in tests (no benchmark data ships with Distillery).
 */
final class ArithmeticBenchmark {
  private ArithmeticBenchmark() {}

  /** Writes {@code count} questions from {@code seed} with operands up to {@code maxOperand}. */
  static Path write(Path file, int count, long seed, int maxOperand) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ArithmeticProblem p = ArithmeticProblems.generate(seed, i, maxOperand, 2);
      lines.add(
          SweepClient.JSON
              .createObjectNode()
              .put("id", "q" + i)
              .put("problem", p.question())
              .put("answer", p.answer())
              .toString());
    }
    return Files.write(file, lines);
  }
}
