package dev.distillery.cli;

import java.util.Map;

/**
 * One experiment as {@code distill results} prints it.
 *
 * @param experiment its name
 * @param state its state, as in {@link ExperimentView#state()}
 * @param axes axis path to value, one column per axis
 * @param metrics metric name to number, one column per metric; a generic map so later metrics
 *     (evaluation scores) are new entries, not new fields. Missing entries mean "not measured".
 * @param artifact the artifact of its last stage, null until that stage is finished
 */
record ResultRow(
    String experiment,
    String state,
    Map<String, String> axes,
    Map<String, Number> metrics,
    FinalArtifact artifact) {
  ResultRow {
    axes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(axes));
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }
}
