package dev.distillery.stages;

import dev.distillery.recipe.Param;
import java.util.List;
import java.util.Map;

/** The params of a {@code source} stage, as recipes write them (snake case). */
public record SourceParams(
    @Param(
            doc =
                "local path, s3://, http(s):// or hf://datasets/<owner>/<name>/<file>"
                    + " of a JSONL, CSV or Parquet file, optionally .zst",
            required = true,
            file = true)
        String path,
    @Param(
            doc =
                "auto (from the extension: .csv is CSV, .parquet Parquet,"
                    + " anything else JSONL), jsonl, csv or parquet",
            defaultValue = "auto",
            oneOf = {"auto", "jsonl", "csv", "parquet"})
        String format,
    @Param(
            doc = "maps our row fields question/id/answer/domain to the file's field names",
            defaultValue = "{\"question\":\"question\"}")
        Map<String, String> fields,
    @Param(doc = "more of the file's fields, kept under the row's metadata") List<String> metadata,
    @Param(doc = "source name; derived from the file name") String sourceName,
    @Param(doc = "domain of every row", defaultValue = "general") String domain,
    @Param(doc = "read at most this many rows; no limit", min = 1) Integer limit,
    @Param(doc = "keep a seeded random sample of this many rows", min = 1) Integer sample,
    @Param(
            doc = "random seed of sample (not seed, so a sweep's seeds leave sources shared)",
            defaultValue = "0")
        Long sampleSeed,
    @Param(
            doc =
                "fail (the first record that cannot be read fails the stage,"
                    + " naming its line) or skip (each goes to the dropped rows"
                    + " with its reason)",
            defaultValue = "fail",
            oneOf = {"fail", "skip"})
        String onBadRow,
    @Param(doc = "skip only: fail once more than this many records were skipped; no limit", min = 0)
        Integer maxBadRows,
    @Param(
            doc = "name of the env var holding a bearer token for http(s) and hf:// paths",
            tuning = true)
        String tokenEnv,
    @Param(
            doc =
                "sha256 of the file's bytes; distill fills it in for a local"
                    + " file when it plans, so that a changed file gets a new content"
                    + " address; set it by hand to pin a remote file")
        String contentSha256) {}
