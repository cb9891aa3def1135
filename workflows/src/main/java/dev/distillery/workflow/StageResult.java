package dev.distillery.workflow;

import java.util.Map;

/**
 * What a stage produced, as a reference and counters (never rows).
 *
 * @param stageId the stage id in the recipe
 * @param kind the stage kind
 * @param key the content address
 * @param outcome computed, reused or joined
 * @param manifestUri where the manifest lives, for example {@code s3://bucket/prefix/...}
 * @param rowsIn rows read
 * @param rowsOut rows written
 * @param dropped rows dropped, by reason
 * @param durationMillis time spent computing (0 when reused)
 */
public record StageResult(
    String stageId,
    String kind,
    String key,
    StageOutcome outcome,
    String manifestUri,
    long rowsIn,
    long rowsOut,
    Map<String, Long> dropped,
    long durationMillis) {
  public StageResult {
    dropped = dropped == null ? Map.of() : Map.copyOf(dropped);
  }

  public StageResult withOutcome(StageOutcome newOutcome) {
    return new StageResult(
        stageId, kind, key, newOutcome, manifestUri, rowsIn, rowsOut, dropped, durationMillis);
  }

  public StageResult withStageId(String newStageId) {
    return new StageResult(
        newStageId, kind, key, outcome, manifestUri, rowsIn, rowsOut, dropped, durationMillis);
  }

  public StageResult withDurationMillis(long newDurationMillis) {
    return new StageResult(
        stageId, kind, key, outcome, manifestUri, rowsIn, rowsOut, dropped, newDurationMillis);
  }
}
