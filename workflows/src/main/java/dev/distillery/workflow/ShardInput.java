package dev.distillery.workflow;

/**
 * One shard of a sharded stage: the stage's output for input rows {@code [from, to)} of its first
 * input.
 *
 * @param stage the stage the shard belongs to
 * @param from the first input row
 * @param to one past the last input row
 * @param stageRows input rows of the whole stage (0 when unknown), so the shard can pace its
 *     progress reports by the stage's size
 */
public record ShardInput(StageInput stage, long from, long to, long stageRows) {
  /** A shard of a stage of unknown size. */
  public ShardInput(StageInput stage, long from, long to) {
    this(stage, from, to, 0);
  }

  /** For messages and activity summaries, for example {@code rows 0-500}. */
  public String range() {
    return range(from, to);
  }

  /** The {@link #range()} of the shard of rows {@code [from, to)}. */
  public static String range(long from, long to) {
    return "rows " + from + "-" + to;
  }
}
