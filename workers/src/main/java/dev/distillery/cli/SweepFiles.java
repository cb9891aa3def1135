package dev.distillery.cli;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.SweepExpansion;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepPlanner;
import dev.distillery.recipe.LocalFiles;
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
  private SweepFiles() {}

  /**
   * Reads, validates and expands a sweep (or a single recipe) file for {@code run} and {@code
   * submit}: a user error above {@link SweepLimits#RUN} experiments, before any is planned, and a
   * located problem for each local file the experiments would read that is missing (before any
   * service starts, not when the stage runs).
   */
  static SweepPlan plan(Path file) throws IOException, RecipeException, UserException {
    FileFingerprints files = new FileFingerprints(folderOf(file));
    Sweep sweep = load(file, files);
    SweepLimits.require(
        file, sweep, SweepPlanner.count(sweep), SweepLimits.RUN, "`run` and `submit` take");
    SweepPlan plan = SweepPlanner.plan(sweep, files);
    ExperimentSizes sizes = new ExperimentSizes(file, plan.sweep());
    for (ExperimentPlan experiment : plan.experiments()) {
      sizes.check(experiment);
    }
    return plan;
  }

  /**
   * Reads and validates a sweep (or a single recipe) file and returns its experiments to stream
   * through, for {@code validate} and {@code plan}: a user error above {@link SweepLimits#PLAN},
   * and a located problem for each local file the experiments would read that is missing. Callers
   * check each experiment with {@link ExperimentSizes}.
   */
  static SweepExpansion expand(Path file) throws IOException, RecipeException, UserException {
    FileFingerprints files = new FileFingerprints(folderOf(file));
    Sweep sweep = load(file, files);
    SweepLimits.require(
        file, sweep, SweepPlanner.count(sweep), SweepLimits.PLAN, "`validate` and `plan` expand");
    return SweepPlanner.expand(sweep, files);
  }

  /** The folder relative paths in {@code file} resolve against. */
  static Path folderOf(Path file) {
    return file.toAbsolutePath().normalize().getParent();
  }

  static Sweep load(Path file) throws IOException, RecipeException, UserException {
    return load(file, null);
  }

  /** Reads a sweep or recipe file; with {@code files}, missing local files are problems too. */
  private static Sweep load(Path file, LocalFiles files)
      throws IOException, RecipeException, UserException {
    String text = read(file);
    Path dir = file.toAbsolutePath().getParent();
    return RecipeLoader.parseAny(
        text, file.toString(), relative -> Files.readString(dir.resolve(relative)), files);
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
