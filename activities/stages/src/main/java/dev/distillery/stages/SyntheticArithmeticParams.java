package dev.distillery.stages;

import dev.distillery.recipe.Param;

/** The params of a {@code synthetic-arithmetic} stage, as recipes write them (snake case). */
public record SyntheticArithmeticParams(
    @Param(doc = "how many questions to generate", required = true, min = 1) Integer count,
    @Param(doc = "random seed", defaultValue = "0") Long seed,
    @Param(doc = "largest operand", defaultValue = "50", min = 1) Integer maxOperand,
    @Param(doc = "operations per question", defaultValue = "2", min = 1) Integer operations,
    @Param(doc = "source name written on every row", defaultValue = "synthetic-arithmetic")
        String sourceName) {}
