package dev.distillery.stages;

import dev.distillery.recipe.Param;

/** The params of a {@code dedup} stage, as recipes write them (snake case). */
public record DedupParams(
    @Param(
            doc = "exact (normalized text), fuzzy (Indel similarity >= threshold) or none",
            defaultValue = "exact",
            oneOf = {"exact", "fuzzy", "none"})
        String method,
    @Param(
            doc =
                "fuzzy only: drop a question whose fuzz.ratio to a kept one"
                    + " is at least this, 0-100",
            defaultValue = "90",
            percent = true)
        Double threshold) {}
