package dev.distillery.store;

/**
 * One data file of a stage, as recorded in its {@link Manifest}.
 *
 * @param name the file name relative to the stage folder, for example {@code
 *     part-00000-1a2b3c4d.jsonl.zst}
 * @param sha256 lowercase hex sha256 of the stored (compressed) bytes
 * @param bytes the stored (compressed) size in bytes
 * @param rows the number of JSON lines in the file
 */
public record OutputFile(String name, String sha256, long bytes, long rows) {}
