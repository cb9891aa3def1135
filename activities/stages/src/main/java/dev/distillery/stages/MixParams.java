package dev.distillery.stages;

import dev.distillery.recipe.Param;
import java.util.Map;

/** The params of a {@code mix} stage, as recipes write them (snake case). */
public record MixParams(
    @Param(doc = "rows in the mixed output", required = true, min = 1) Long total,
    @Param(
            doc =
                "share of each source (the rows' source field) by name; equal"
                    + " shares when absent",
            nonNegativeValues = true)
        Map<String, Double> weights,
    @Param(doc = "use only the first N sources in input order, total/N rows each", min = 1)
        Integer top,
    @Param(doc = "most rows taken from a source, by name", nonNegativeValues = true)
        Map<String, Double> caps,
    @Param(doc = "random seed", defaultValue = "0") Long seed) {}
