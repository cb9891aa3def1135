package dev.distillery.recipe;

import java.util.List;
import java.util.Map;

/**
 * A validated sweep: a base recipe and the grid axes that vary it.
 *
 * @param name the sweep's name; workflow ids start with it
 * @param recipe the base recipe
 * @param parallelism how many experiments run at once
 * @param grid axes whose cartesian product gives the experiments; empty means one experiment
 * @param zip axes of equal length that vary together, as one more dimension of the product
 * @param budgets spending limits by endpoint {@code base_url}
 */
public record Sweep(
    String name,
    Recipe recipe,
    int parallelism,
    List<Axis> grid,
    List<Axis> zip,
    Map<String, Budget> budgets) {
  public Sweep {
    grid = List.copyOf(grid);
    zip = List.copyOf(zip);
    budgets = Map.copyOf(budgets);
  }

  /** A sweep with a grid only. */
  public Sweep(String name, Recipe recipe, int parallelism, List<Axis> grid) {
    this(name, recipe, parallelism, grid, List.of(), Map.of());
  }

  /** The dimensions of the experiment product: each grid axis alone, then the zip axes together. */
  public List<List<Axis>> dimensions() {
    List<List<Axis>> dims = new java.util.ArrayList<>();
    grid.forEach(axis -> dims.add(List.of(axis)));
    if (!zip.isEmpty()) {
      dims.add(zip);
    }
    return dims;
  }
}
