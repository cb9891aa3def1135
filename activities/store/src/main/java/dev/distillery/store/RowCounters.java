package dev.distillery.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row accounting of a stage: how many rows came in, how many were written, and why the rest were
 * dropped.
 *
 * @param rowsIn rows the stage read from its inputs
 * @param rowsOut rows the stage wrote
 * @param dropped rows dropped, by reason (sorted by reason)
 */
public record RowCounters(long rowsIn, long rowsOut, Map<String, Long> dropped) {
  public RowCounters {
    dropped = Collections.unmodifiableMap(new TreeMap<>(dropped == null ? Map.of() : dropped));
  }
}
