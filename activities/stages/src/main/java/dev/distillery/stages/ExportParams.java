package dev.distillery.stages;

import dev.distillery.recipe.Param;

/** The params of an {@code export} stage, as recipes write them (snake case). */
public record ExportParams(
    @Param(
            doc =
                "sharegpt (OpenThoughts3 columns), messages (OpenAI chat"
                    + " JSONL), or parquet (the sharegpt rows, plus OpenThoughts3-typed"
                    + " Parquet files beside them)",
            defaultValue = "sharegpt",
            oneOf = {"sharegpt", "messages", "parquet"})
        String format,
    @Param(
            doc =
                "drop answers cut off at max_tokens (finish_reason length)"
                    + " into the dropped rows; false exports them as they are",
            defaultValue = "true")
        Boolean dropTruncated,
    @Param(doc = "messages: a system message put first in every row; none when unset")
        String systemPrompt,
    @Param(
            doc =
                "the dataset's name in the LLaMA-Factory dataset_info.json,"
                    + " and the file name <dataset_name>.jsonl that `distill artifacts"
                    + " download` writes",
            defaultValue = "distillery",
            safeName = true)
        String datasetName) {}
