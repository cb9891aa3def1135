package dev.distillery.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Completes a stage's params before its content address is computed, with facts only the edge can
 * know (for example the sha256 of a local source file). Implementations do the I/O; the planner
 * stays pure.
 */
@FunctionalInterface
public interface ParamResolver {
  /** Leaves params as written. */
  ParamResolver NONE = (kind, params) -> params;

  /** Returns the params to use for a stage of {@code kind}; may return {@code params} itself. */
  ObjectNode resolve(String kind, ObjectNode params);
}
