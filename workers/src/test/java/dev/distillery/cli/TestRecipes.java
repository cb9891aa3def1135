package dev.distillery.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recipes several CLI tests run, written where a test wants them. */
final class TestRecipes {
  private TestRecipes() {}

  /**
   * Writes {@code DIR/FILE}: a recipe named {@code name} of three small stages (6 synthetic
   * questions, a simulated teacher, an export) that runs in seconds.
   */
  static Path smallTeacherRecipe(Path dir, String file, String name) throws IOException {
    return Files.writeString(
        dir.resolve(file),
        """
        recipe: %s
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 6, seed: 1}
          - id: teacher
            kind: teacher
            params: {base_url: "simulated://", model: simulated-teacher}
          - id: export
            kind: export
        """
            .formatted(name));
  }

  /**
   * Writes {@code DIR/sweep.yaml}, returned: sweep {@code name} running {@code parallelism}
   * experiments at a time, one per teacher temperature of {@code temperatures} (such as {@code
   * "0.1, 0.2"}), of recipe {@code DIR/recipe.yaml}: recipe {@code slow}, 400 questions in shards
   * of 100 for a simulated teacher ({@code simulated://slow}) sending {@code concurrency} requests
   * at a time, so the sweep runs long enough to be controlled while it runs.
   */
  static Path slowTeacherSweep(
      Path dir, String name, int parallelism, String temperatures, int concurrency)
      throws IOException {
    Files.writeString(
        dir.resolve("recipe.yaml"),
        """
        recipe: slow
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 400}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://slow
              model: simulated-teacher
              concurrency: %d
              shard_size: 100
        """
            .formatted(concurrency));
    return Files.writeString(
        dir.resolve("sweep.yaml"),
        """
        sweep: %s
        recipe: recipe.yaml
        parallelism: %d
        grid:
          stages.teacher.temperature: [%s]
        """
            .formatted(name, parallelism, temperatures));
  }

  /**
   * Writes {@code DIR/recipe.yaml}: recipe {@code tiny}, 5 synthetic questions and a dedup, which
   * needs no simulator.
   */
  static Path tinyDedupRecipe(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("recipe.yaml"),
        """
        recipe: tiny
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 5, seed: 1}
          - id: dedup
            kind: dedup
        """);
  }

  /**
   * An {@code eval} stage as a YAML list item, to put under a recipe's {@code stages:} indented as
   * it needs: model {@code simulated-teacher} at {@code baseUrl} answers each math question of
   * {@code benchmark} {@code repeats} times in at most 2048 tokens; {@code more} adds params
   * (lines).
   */
  static String evalStage(String baseUrl, Path benchmark, int repeats, String more) {
    return """
        - id: eval
          kind: eval
          params:
            base_url: %s
            model: simulated-teacher
            benchmarks: {arith: %s}
            types: {arith: math}
            repeats: {arith: %d}
            max_tokens: 2048
        %s"""
        .formatted(baseUrl, benchmark, repeats, more.indent(4));
  }

  /**
   * The stages {@code source}, {@code teacher} (at {@code teacherUrl}), {@code export} and {@code
   * train} (fine-tuning at {@code trainUrl}, polled each second) as YAML list items, to put under a
   * recipe's {@code stages:} indented as it needs.
   */
  static String fineTuneStages(String teacherUrl, String trainUrl) {
    return """
        - id: source
          kind: synthetic-arithmetic
          params: {count: 20, seed: 3}
        - id: teacher
          kind: teacher
          params: {base_url: %s, model: simulated-teacher}
        - id: export
          kind: export
        - id: train
          kind: train
          params:
            trainer: openai-finetune
            base_url: %s
            base_model: simulated-student
            poll_seconds: 1
        """
        .formatted(teacherUrl, trainUrl);
  }
}
