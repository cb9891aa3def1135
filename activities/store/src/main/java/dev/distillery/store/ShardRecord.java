package dev.distillery.store;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A finished shard of a stage, stored as {@code stages/<kind>/<key>/shards/<from>-<to>.json} and
 * written once. When every shard of a stage has one, the stage's manifest is assembled from them.
 *
 * @param from the first input row of the shard
 * @param to one past the last input row
 * @param files the shard's parts, names relative to the stage folder, in order
 * @param counters row accounting of the shard
 * @param extra named counters (requests, tokens, cost)
 * @param startedAt when the attempt that finished the shard began
 * @param finishedAt when the shard finished
 * @param workerIdentity the worker that finished it
 */
public record ShardRecord(
    long from,
    long to,
    List<OutputFile> files,
    RowCounters counters,
    Map<String, Long> extra,
    Instant startedAt,
    Instant finishedAt,
    String workerIdentity) {
  public ShardRecord {
    files = List.copyOf(files);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  byte[] toJson() {
    try {
      return StoreJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise shard " + from + "-" + to, e);
    }
  }

  static ShardRecord fromJson(byte[] json) throws IOException {
    return StoreJson.MAPPER.readValue(json, ShardRecord.class);
  }
}
