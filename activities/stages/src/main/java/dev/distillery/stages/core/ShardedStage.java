package dev.distillery.stages.core;

import dev.distillery.store.FileSink;

/**
 * A stage that runs in shards over units of work it lists itself (an {@code eval}'s questions and
 * repeats) rather than over its first input's rows. The shard runner asks for the number of units
 * once, runs ranges of them as shards (each with its own checkpoints and spend gate), and, once
 * every shard is done, lets the stage write its files beside the rows it produced. {@link
 * Stage#run} still does the whole stage in one go where it does not run in shards.
 */
public interface ShardedStage extends Stage {
  /**
   * How many units of work the stage has, in the stable order {@link #runUnits} numbers them; the
   * context has the stage's inputs and writes no rows.
   */
  long units(StageContext context) throws Exception;

  /**
   * The endpoint the shards call as recipes name it, when the params' {@code base_url} is not it
   * (null then): the sweep's budget for it gates the shards.
   */
  default String endpoint(StageContext context) throws Exception {
    return null;
  }

  /**
   * Writes the rows of units {@code [from, to)}, in order, reporting {@code done} (counted from
   * {@code from}) after each unit: a checkpoint boundary, as {@link Progress#report} says.
   */
  void runUnits(StageContext context, long from, long to) throws Exception;

  /**
   * Writes the stage's files beside its rows, once every shard is done.
   *
   * @param context the stage's params and inputs; it writes no rows
   * @param rows every row the shards wrote, in unit order
   * @param files where the files go
   */
  void finish(StageContext context, Input rows, FileSink files) throws Exception;
}
