package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform random sample of a fixed size from a stream of rows (reservoir sampling, algorithm R).
 * The same seed and the same stream give the same sample; memory holds only the sample.
 */
final class Reservoir {
  private final ObjectNode[] rows;
  private final long[] positions;
  private final SplittableRandom random;
  private long seen;

  Reservoir(int size, long seed) {
    this.rows = new ObjectNode[size];
    this.positions = new long[size];
    this.random = new SplittableRandom(seed);
  }

  /** Offers the next row; {@code position} orders the sample on the way out. */
  void offer(ObjectNode row, long position) {
    seen++;
    if (seen <= rows.length) {
      rows[(int) (seen - 1)] = row;
      positions[(int) (seen - 1)] = position;
      return;
    }
    long slot = random.nextLong(seen);
    if (slot < rows.length) {
      rows[(int) slot] = row;
      positions[(int) slot] = position;
    }
  }

  /** How many rows were offered. */
  long seen() {
    return seen;
  }

  /** The sampled rows in the order they were offered. */
  List<ObjectNode> sample() {
    int n = (int) Math.min(seen, rows.length);
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingLong(i -> positions[i]));
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i : order) {
      out.add(rows[i]);
    }
    return out;
  }
}
