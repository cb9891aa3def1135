package dev.distillery.stages;

import dev.distillery.recipe.Param;

/** The params of a {@code filter-questions} stage, as recipes write them (snake case). */
public record FilterQuestionsParams(
    @Param(doc = "shortest question kept", defaultValue = "0", min = 0) Integer minChars,
    @Param(doc = "longest question kept", defaultValue = "100000", min = 1) Integer maxChars,
    @Param(
            doc = "fraction of questions kept, in (0, 1], longest first",
            defaultValue = "1.0",
            fraction = true)
        Double keep,
    @Param(doc = "random seed", defaultValue = "0") Long seed) {}
