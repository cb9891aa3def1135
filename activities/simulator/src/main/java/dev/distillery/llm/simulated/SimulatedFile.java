package dev.distillery.llm.simulated;

/**
 * A file held by the simulator's Files API.
 *
 * @param id {@code file-sim-...}
 * @param filename the name given at upload, or one the simulator chose for a batch's output
 * @param purpose {@code batch} or {@code fine-tune} for uploads, {@code batch_output} for a batch's
 *     output and error files
 * @param bytes the content
 * @param createdAt Unix seconds
 */
record SimulatedFile(String id, String filename, String purpose, byte[] bytes, long createdAt) {}
