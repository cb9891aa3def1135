package dev.distillery.workflow;

import java.util.List;

/**
 * How a sweep ended, as counters. Each experiment's full result is in the store ({@link
 * dev.distillery.plan.SweepStoreKeys#experiment}); a sweep of thousands of experiments would not
 * fit in one payload.
 *
 * @param sweep the sweep name
 * @param experiments how many experiments the plan has
 * @param succeeded how many succeeded
 * @param failed how many failed
 * @param cancelled how many were cancelled (or never started because the sweep was cancelled)
 * @param failures {@code "<experiment>: <reason>"} of the first failures, at most {@link
 *     #MAX_FAILURES}
 */
public record SweepOutcome(
    String sweep,
    int experiments,
    int succeeded,
    int failed,
    int cancelled,
    List<String> failures) {
  public static final int MAX_FAILURES = 20;

  public SweepOutcome {
    failures = failures == null ? List.of() : List.copyOf(failures);
  }
}
