package dev.distillery.recipe;

/** Recipe text shared by the recipe and plan tests. */
public final class SeededStages {
  private SeededStages() {}

  /**
   * The {@code stages:} list of a recipe whose source, filter and teacher take a seed: a source of
   * 40 synthetic questions (seed 7), a filter and a teacher on {@code http://localhost:8000/v1};
   * append further stages to it, indented as these are.
   */
  public static final String STAGES =
      """
      stages:
        - id: source
          kind: synthetic-arithmetic
          params: {count: 40, seed: 7}
        - id: filter
          kind: filter-questions
        - id: teacher
          kind: teacher
          params: {base_url: "http://localhost:8000/v1", model: tiny}
      """;
}
