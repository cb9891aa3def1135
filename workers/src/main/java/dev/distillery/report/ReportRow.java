package dev.distillery.report;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One experiment in a report: a row of its table and a point in each of its plots.
 *
 * @param experiment its name
 * @param state its state, as {@code distill status} shows it
 * @param axes axis path to value
 * @param scores benchmark metric ({@code <stage>.<benchmark>}) to score; missing means not scored
 * @param datasetRows rows of its last finished export, or null when it has none
 * @param answerChars the median assistant text length of that export in characters, or null
 * @param tokens tokens spent on the artifacts it was made from, or null when unknown
 * @param costUsd their cost in dollars, or null when unknown
 * @param failure why it failed, or null
 */
public record ReportRow(
    String experiment,
    String state,
    Map<String, String> axes,
    Map<String, Score> scores,
    Long datasetRows,
    Long answerChars,
    Long tokens,
    BigDecimal costUsd,
    String failure) {
  public ReportRow {
    axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
  }
}
