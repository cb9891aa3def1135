package dev.distillery.recipe;

import java.util.List;

/**
 * A validated sweep: a base recipe and the grid axes that vary it.
 *
 * @param name the sweep's name; workflow ids start with it
 * @param recipe the base recipe
 * @param parallelism how many experiments run at once
 * @param grid axes whose cartesian product gives the experiments; empty means one experiment
 */
public record Sweep(String name, Recipe recipe, int parallelism, List<Axis> grid) {
  public Sweep {
    grid = List.copyOf(grid);
  }
}
