package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One sweep axis: a dotted param path and the values it takes.
 *
 * @param path for example {@code stages.filter.keep}
 * @param values the values, in file order
 */
public record Axis(String path, List<JsonNode> values) {
  public Axis {
    values = List.copyOf(values);
  }

  /** The stage id the path points into ({@code filter} in {@code stages.filter.keep}). */
  public String stageId() {
    return path.split("\\.")[1];
  }

  /** The param path inside the stage's params ({@code keep} in {@code stages.filter.keep}). */
  public String paramPath() {
    String[] parts = path.split("\\.", 3);
    return parts[2];
  }
}
