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
  /** The largest plan sent as a workflow input; Temporal warns at 256 KiB per payload. */
  static final int MAX_PLAN_BYTES = 256 * 1024;

  private SweepFiles() {}

  /** Reads, validates and expands a sweep (or a single recipe) file. */
  static SweepPlan plan(Path file) throws IOException, RecipeException, UserException {
    SweepPlan plan = SweepPlanner.plan(load(file), new SourceFingerprints());
    byte[] planJson = SweepClient.JSON.writeValueAsBytes(plan);
    if (planJson.length > MAX_PLAN_BYTES) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          file
              + ": sweep '"
              + plan.sweep()
              + "' expands to "
              + plan.experiments().size()
              + " experiments, a plan of "
              + planJson.length / 1024
              + " KiB, over the "
              + MAX_PLAN_BYTES / 1024
              + " KiB this version passes to Temporal in one payload"
              + " (real servers warn at 256 KiB and fail at 2 MiB). Split the grid into several"
              + " sweeps; stages they share are still computed once.");
    }
    return plan;
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
