package dev.distillery.recipe;

import java.util.List;
import java.util.stream.Collectors;

/** A recipe or sweep file is invalid. Carries every problem found, each with its location. */
public class RecipeException extends Exception {
  private final List<Problem> problems;

  public RecipeException(List<Problem> problems) {
    super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
