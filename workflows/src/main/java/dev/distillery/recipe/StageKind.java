package dev.distillery.recipe;

import java.util.List;
import java.util.Optional;

/**
 * A kind of stage: its name in recipes, its version (part of every content address, bumped when the
 * meaning of its output changes), its parameters and how many inputs it reads.
 *
 * @param name the {@code kind} written in recipes, for example {@code dedup}
 * @param version bumped whenever the same params and inputs would give different output
 * @param params the accepted parameters
 * @param minInputs the fewest input stages; 0 for sources
 * @param maxInputs the most input stages
 * @param summary one line for {@code --help} and the Temporal UI
 */
public record StageKind(
    String name,
    int version,
    List<ParamSpec> params,
    int minInputs,
    int maxInputs,
    String summary) {

  public StageKind {
    params = List.copyOf(params);
  }

  public Optional<ParamSpec> param(String paramName) {
    return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
  }
}
