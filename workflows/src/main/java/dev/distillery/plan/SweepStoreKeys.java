package dev.distillery.plan;

/**
 * Where a sweep's record lives in the store, beside the artifacts: the plans it was submitted with
 * and one result per experiment. Temporal may forget a sweep (the embedded server keeps nothing
 * across restarts); these keys do not.
 */
public final class SweepStoreKeys {
  private SweepStoreKeys() {}

  /** The folder of everything recorded about a sweep. */
  public static String folder(String sweep) {
    return "sweeps/" + sweep + "/";
  }

  /** The plan last submitted under this sweep name, read by {@code resume} and {@code ls}. */
  public static String latestPlan(String sweep) {
    return folder(sweep) + "plan.json";
  }

  /** A submitted plan by its content hash; the sweep workflow reads its experiments from it. */
  public static String plan(String sweep, String sha256) {
    return folder(sweep) + "plans/" + sha256 + ".json";
  }

  /** The folder of experiment records. */
  public static String experiments(String sweep) {
    return folder(sweep) + "experiments/";
  }

  /** The last recorded result of an experiment, written when it ends (also when it fails). */
  public static String experiment(String sweep, String experiment) {
    return experiments(sweep) + experiment + ".json";
  }

  /** The folder of the histories of a sweep's workflows, kept when the sweep ends. */
  public static String histories(String sweep) {
    return folder(sweep) + "histories/";
  }

  /**
   * One run of one of a sweep's workflows, in Temporal's JSON history format: {@code
   * histories/<workflow id>/<run id>.json} (workflow ids read as paths, e.g. {@code
   * demo/keep-0.25}).
   */
  public static String history(String sweep, String workflowId, String runId) {
    return histories(sweep) + workflowId + "/" + runId + ".json";
  }
}
