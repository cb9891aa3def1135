package dev.distillery.cli;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepPlanner;
import dev.distillery.recipe.RecipeException;
import dev.distillery.recipe.RecipeLoader;
import dev.distillery.recipe.Sweep;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads sweep and recipe files from disk; the recipe model itself does no I/O. */
final class SweepFiles {
  /**
   * The largest experiment plan a workflow receives in one payload. Sweeps pass plans by reference,
   * but each experiment reads its own stages and params; Temporal warns at 256 KiB per payload and
   * the embedded test server does not enforce the real 2 MiB limit, so this fails fast instead.
   */
  static final int MAX_EXPERIMENT_BYTES = 256 * 1024;

  private SweepFiles() {}

  /** Reads, validates and expands a sweep (or a single recipe) file. */
  static SweepPlan plan(Path file) throws IOException, RecipeException, UserException {
    SweepPlan plan = SweepPlanner.plan(load(file), new FileFingerprints());
    for (ExperimentPlan experiment : plan.experiments()) {
      byte[] json = SweepClient.JSON.writeValueAsBytes(experiment);
      if (json.length > MAX_EXPERIMENT_BYTES) {
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            file
                + ": experiment '"
                + experiment.name()
                + "' of sweep '"
                + plan.sweep()
                + "' has stage params of "
                + json.length / 1024
                + " KiB, over the "
                + MAX_EXPERIMENT_BYTES / 1024
                + " KiB that fit one Temporal payload (real servers warn at 256 KiB and fail at 2"
                + " MiB). Move large values (prompt lists, inline data) into a file and point a"
                + " param at it.");
      }
    }
    return plan;
  }

  static Sweep load(Path file) throws IOException, RecipeException, UserException {
    String text = read(file);
    Path dir = file.toAbsolutePath().getParent();
    return RecipeLoader.parseAny(
        text, file.toString(), relative -> Files.readString(dir.resolve(relative)));
  }

  /** The text of a recipe or sweep file, or a user error saying why it has none. */
  private static String read(Path file) throws UserException {
    if (Files.isDirectory(file)) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          file
              + " is a folder; give recipe or sweep files (YAML), for example `"
              + file.resolve("*.yaml")
              + "`.");
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT, "no such file: " + file + ". Check the path you passed.");
    } catch (CharacterCodingException e) {
      throw notText(file);
    } catch (IOException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "). Check the path and its permissions.");
    }
    if (text.indexOf('\0') >= 0) {
      throw notText(file);
    }
    return text;
  }

  private static UserException notText(Path file) {
    return new UserException(
        ExitCodes.INVALID_INPUT,
        file
            + " is not a text file (not UTF-8, or it holds NUL bytes); recipes and sweeps are YAML"
            + " text. Check that you passed the right file.");
  }
}
