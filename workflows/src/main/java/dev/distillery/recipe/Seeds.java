package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * The seeds a sweep repeats every experiment with. Each experiment runs once per value, the value
 * written into the {@code seed} param of every target stage. Only those stages and the stages
 * downstream of them get new content addresses; stages upstream stay shared between the repeats.
 *
 * @param values the seeds in file order; empty when the sweep does not repeat its experiments
 * @param stages ids of the stages whose {@code seed} param takes each value, in recipe order
 */
public record Seeds(List<Integer> values, List<String> stages) {
  /** No repeats: each experiment runs once, with the seeds its recipe writes. */
  public static final Seeds NONE = new Seeds(List.of(), List.of());

  /** The name of the seed axis in experiment names and axis values. */
  public static final String AXIS = "seed";

  public Seeds {
    values = List.copyOf(values);
    stages = List.copyOf(stages);
  }

  /** One axis {@code stages.<id>.seed} per target stage, each taking every value in order. */
  public List<Axis> axes() {
    List<JsonNode> nodes =
        values.stream().map(v -> (JsonNode) JsonNodeFactory.instance.numberNode(v)).toList();
    return stages.stream().map(id -> new Axis("stages." + id + "." + AXIS, nodes)).toList();
  }
}
