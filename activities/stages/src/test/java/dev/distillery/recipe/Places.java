package dev.distillery.recipe;

/** Where a {@link Problem} points, as tests compare it. */
final class Places {
  private Places() {}

  /** {@code file:line:column} of {@code problem}. */
  static String of(Problem problem) {
    return problem.file() + ":" + problem.line() + ":" + problem.column();
  }
}
