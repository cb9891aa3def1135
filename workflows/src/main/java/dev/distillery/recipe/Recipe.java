package dev.distillery.recipe;

import java.util.List;
import java.util.Optional;

/**
 * A validated recipe: a named, ordered list of stages.
 *
 * @param name the recipe's name
 * @param description free text, may be empty
 * @param stages stages in execution order; every input refers to an earlier stage
 */
public record Recipe(String name, String description, List<StageSpec> stages) {
  public Recipe {
    stages = List.copyOf(stages);
  }

  public Optional<StageSpec> stage(String id) {
    return stages.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
