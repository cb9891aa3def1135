package dev.distillery.stages.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.recipe.ParamSpecs;
import dev.distillery.store.FileSink;
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
 * @param budget what the stage's paid model requests may spend ({@link SpendGate#UNLIMITED} unless
 *     it runs as a shard of a sweep with a budget for its endpoint)
 */
public record StageContext(
    String stageId,
    ObjectNode params,
    List<Input> inputs,
    RowSink out,
    Progress progress,
    StageServices services,
    SpendGate budget) {

  /** A context without a budget. */
  public StageContext(
      String stageId,
      ObjectNode params,
      List<Input> inputs,
      RowSink out,
      Progress progress,
      StageServices services) {
    this(stageId, params, inputs, out, progress, services, SpendGate.UNLIMITED);
  }

  /**
   * Where the stage writes named files beside its rows: the output sink itself when it takes files
   * (a single-activity stage's writer does; a sharded stage's shard writer does not).
   *
   * @throws IllegalStateException when the output takes no files
   */
  public FileSink files() {
    if (out instanceof FileSink files) {
      return files;
    }
    throw new IllegalStateException(
        "the output of stage '" + stageId + "' takes no extra files (" + out.getClass() + ")");
  }

  /**
   * The params as the kind's params record ({@link ParamSpecs#read}): {@code snake_case} names to
   * components, params the record does not declare ignored.
   */
  public <R extends Record> R params(Class<R> type) {
    return ParamSpecs.read(params, type);
  }

  /**
   * Streams the lines of the first input ({@link Input#forEachLine}), counting each in before
   * {@code action} sees it: the loop of a stage that keeps or drops each row of its input.
   */
  public void forEachInputLine(Input.LineAction action) throws Exception {
    inputs
        .get(0)
        .forEachLine(
            line -> {
              out.countIn(1);
              action.accept(line);
            });
  }

  /** A user error prefixed with the stage's id and kind. */
  public StageUserException userError(String kind, String message) {
    return new StageUserException(kind + " stage '" + stageId + "': " + message);
  }
}
