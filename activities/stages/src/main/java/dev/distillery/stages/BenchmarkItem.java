package dev.distillery.stages;

/**
 * One benchmark question that decontamination compares against.
 *
 * @param file the benchmark file's path or URI, as written in the recipe
 * @param id the question's {@code id} field, or null when it has none
 * @param line the 1-based line of the question in the file
 * @param text the normalized question text
 */
record BenchmarkItem(String file, String id, long line, String text) {}
