package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.store.RowSink;
import java.util.List;

/**
 * Everything a stage may touch while it runs.
 *
 * @param stageId the stage id in the recipe, for messages
 * @param params validated params with defaults
 * @param inputs the input artifacts in recipe order
 * @param out where output rows go
 * @param progress progress reports (heartbeats)
 * @param services external services the stage may use
 */
public record StageContext(
    String stageId,
    ObjectNode params,
    List<Input> inputs,
    RowSink out,
    Progress progress,
    StageServices services) {

  /** A user error prefixed with the stage's id and kind. */
  public StageUserException userError(String kind, String message) {
    return new StageUserException(kind + " stage '" + stageId + "': " + message);
  }
}
