package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.util.Comparator;

/**
 * A row the mix may keep, ordered by its seeded rank; ties (equal ids) go by source name, then by
 * reading order.
 *
 * @param rank the row id's seeded rank ({@link Rows#rank})
 * @param source the row's source
 * @param seq the row's position in the inputs
 * @param row the row
 */
record MixCandidate(long rank, String source, long seq, ObjectNode row) {
  static final Comparator<MixCandidate> ORDER =
      Comparator.comparingLong(MixCandidate::rank)
          .thenComparing(MixCandidate::source)
          .thenComparingLong(MixCandidate::seq);
}
