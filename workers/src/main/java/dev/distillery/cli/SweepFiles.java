package dev.distillery.cli;

import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepPlanner;
import dev.distillery.recipe.RecipeException;
import dev.distillery.recipe.RecipeLoader;
import dev.distillery.recipe.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads sweep and recipe files from disk; the recipe model itself does no I/O. */
final class SweepFiles {
  private SweepFiles() {}

  /** Reads, validates and expands a sweep (or a single recipe) file. */
  static SweepPlan plan(Path file) throws IOException, RecipeException, UserException {
    return SweepPlanner.plan(load(file), new SourceFingerprints());
  }

  static Sweep load(Path file) throws IOException, RecipeException, UserException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT, "no such file: " + file + ". Check the path you passed.");
    }
    Path dir = file.toAbsolutePath().getParent();
    return RecipeLoader.parseAny(
        text, file.toString(), relative -> Files.readString(dir.resolve(relative)));
  }
}
