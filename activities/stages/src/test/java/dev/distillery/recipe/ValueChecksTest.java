package dev.distillery.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code validate} catches values that parse but would waste a run: misspelled template
 * placeholders, grid values equal once parsed, and endpoint URLs that are not http(s).
 */
class ValueChecksTest {
  private static final String RECIPE =
      """
      recipe: r
      stages:
        - id: source
          kind: synthetic-arithmetic
          params: {count: 4}
        - id: filter
          kind: filter-questions
        - id: teacher
          kind: teacher
          params:
            base_url: %s
            model: m
            prompt_template: %s
      """;

  private static Recipe recipe(String baseUrl, String template) throws RecipeException {
    return RecipeLoader.parseRecipe(RECIPE.formatted(baseUrl, template), "r.yaml");
  }

  private static Problem only(String baseUrl, String template) {
    RecipeException e = assertThrows(RecipeException.class, () -> recipe(baseUrl, template));
    assertEquals(1, e.problems().size(), e.getMessage());
    return e.problems().get(0);
  }

  /** The one problem of sweep {@code s} over {@code r.yaml} whose further keys are {@code keys}. */
  private static Problem onlySweep(String keys) {
    String sweep = "sweep: s\nrecipe: r.yaml\n" + keys;
    RecipeException e =
        assertThrows(
            RecipeException.class,
            () ->
                RecipeLoader.parseSweep(
                    sweep,
                    "s.yaml",
                    path -> {
                      if (!path.equals("r.yaml")) {
                        throw new NoSuchFileException(path);
                      }
                      return RECIPE.formatted("http://localhost:8000/v1", "'{question}'");
                    }));
    assertEquals(1, e.problems().size(), e.getMessage());
    return e.problems().get(0);
  }

  @Test
  void aMisspelledPlaceholderIsLocatedWithADidYouMean() throws Exception {
    Problem p = only("http://localhost:8000/v1", "'Answer {quesiton}'");
    assertEquals("r.yaml:13:24", Places.of(p));
    assertEquals(
        "param 'prompt_template' of stage 'teacher' must be a template whose placeholders are"
            + " among {question}, {domain}, {source}, {id}, with {question}, got"
            + " 'Answer {quesiton}'",
        p.message());
    assertTrue(p.hint().startsWith("{quesiton} is not a placeholder"), p.hint());
    assertTrue(p.hint().contains("did you mean {question}?"), p.hint());

    Problem none = only("http://localhost:8000/v1", "'Solve it step by step.'");
    assertTrue(none.hint().startsWith("there is no {question}"), none.hint());

    String latex = "'[{domain}] {question} Put the result in \\boxed{answer}, as \\frac{a}{b}.'";
    assertEquals(
        "[{domain}] {question} Put the result in \\boxed{answer}, as \\frac{a}{b}.",
        recipe("http://localhost:8000/v1", latex)
            .stage("teacher")
            .orElseThrow()
            .params()
            .get("prompt_template")
            .asText(),
        "LaTeX groups are not placeholders");
  }

  @Test
  void aBaseUrlMustBeHttpOrHttpsWithAHost() throws Exception {
    Problem typo = only("htp://localhost:8000/v1", "'{question}'");
    assertEquals("r.yaml:11:17", Places.of(typo));
    assertEquals(
        "param 'base_url' of stage 'teacher' must be an http:// or https:// URL with a host (or"
            + " simulated://), got 'htp://localhost:8000/v1'",
        typo.message());
    assertTrue(typo.hint().startsWith("did you mean http://localhost:8000/v1?"), typo.hint());

    for (String bad :
        List.of("ftp://host/v1", "localhost:8000/v1", "http:///v1", "http://a_b/v1")) {
      assertTrue(only(bad, "'{question}'").message().contains("got '" + bad + "'"), bad);
    }
    for (String good : List.of("https://api.example.com/v1", "http://10.0.0.2:8000/v1")) {
      recipe(good, "'{question}'");
    }
    recipe("simulated://arithmetic", "'{question}'");
  }

  @Test
  void gridValuesEqualOnceParsedAreRejectedNamingBothPositions() {
    Problem p =
        onlySweep(
            """
            grid:
              stages.filter.keep: [0.1, 0.5, 0.10]
            """);
    assertEquals("s.yaml:4:34", Places.of(p));
    assertEquals(
        "grid axis 'stages.filter.keep' lists 0.10 here and 0.1 at line 4, column 24, which are"
            + " equal once parsed, so they would make two identical experiments",
        p.message());

    Problem integers =
        onlySweep(
            """
            grid:
              stages.teacher.n: [1, 1.0]
            """);
    assertTrue(integers.message().contains("lists 1.0 here and 1 at line 4"), integers.message());

    Problem zip =
        onlySweep(
            """
            zip:
              stages.teacher.n: [1, 4, 1]
              stages.teacher.temperature: [0.6, 0.8, 0.60]
            """);
    assertEquals(
        "zip position 3 repeats position 1 (at line 4, column 22) on every zip axis, so the two"
            + " would make identical experiments",
        zip.message());
  }

  /**
   * Repeated values are found in one pass, not by comparing every pair: a generated sweep may list
   * tens of thousands of values on an axis, a zip or its seeds (every pair of 50,000 is 1.25e9
   * comparisons, minutes of validation).
   */
  @Test
  void repeatsInLongAxesZipsAndSeedListsAreFoundInOnePass() {
    int n = 50_000;
    String values =
        IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    String temperatures =
        IntStream.rangeClosed(1, n).mapToObj(i -> "0." + i).collect(Collectors.joining(", "));
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          Problem grid = onlySweep("grid:\n  stages.source.count: [%s, 7.0]\n".formatted(values));
          assertTrue(
              grid.message().startsWith("grid axis 'stages.source.count' lists 7.0 here and 7 at"),
              grid.message());
          Problem zip =
              onlySweep(
                  ("zip:\n  stages.teacher.max_tokens: [%s, 3]\n"
                          + "  stages.teacher.temperature: [%s, 0.30]\n")
                      .formatted(values, temperatures));
          assertTrue(
              zip.message().startsWith("zip position 50001 repeats position 3 "), zip.message());
          Problem seeds = onlySweep("seeds: [%s, 9]\n".formatted(values));
          assertEquals("seed 9 is listed twice", seeds.message());
        });
  }

  @Test
  void aBudgetKeyMustBeAnEndpointUrlAndGridValuesAreCheckedLikeParams() {
    Problem budget =
        onlySweep(
            """
            budget:
              htps://api.example.com/v1: {tokens: 100}
            """);
    assertTrue(budget.message().startsWith("budget endpoint 'htps://api.example.com/v1'"));
    assertTrue(budget.hint().startsWith("did you mean https://api.example.com/v1?"));

    Problem grid =
        onlySweep(
            """
            grid:
              stages.teacher.prompt_template: ["{question}", "Q: {qestion}"]
            """);
    assertTrue(grid.hint().contains("did you mean {question}?"), grid.hint());
  }
}
