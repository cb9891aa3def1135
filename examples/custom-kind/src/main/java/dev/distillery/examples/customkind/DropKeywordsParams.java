package dev.distillery.examples.customkind;

import dev.distillery.recipe.Param;
import java.util.List;

/** The params of a {@code drop-keywords} stage; recipes write them in snake case. */
public record DropKeywordsParams(
    @Param(doc = "drop a question containing any of these words", required = true)
        List<String> keywords,
    @Param(doc = "compare ignoring upper and lower case", defaultValue = "true") Boolean ignoreCase,
    @Param(doc = "rows between progress reports", defaultValue = "1000", tuning = true)
        Integer reportEvery) {}
