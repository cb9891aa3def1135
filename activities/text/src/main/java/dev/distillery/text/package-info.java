/**
 * Text similarity for dedup and decontamination: normalization, the normalized Indel ratio (as
 * rapidfuzz's {@code fuzz.ratio}) by bit-parallel LCS, word n-gram hashes, and MinHash signatures
 * with LSH banding to find candidate pairs without comparing all of them.
 */
package dev.distillery.text;
