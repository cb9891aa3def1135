package dev.distillery.text;

/**
 * What the n-gram rule of decontamination counts: a text as a sequence of units, each run of {@code
 * n} of them hashed to 64 bits. Two texts share an n-gram when they share a run of {@code n} equal
 * units (up to hash collisions).
 */
public interface Ngrams {
  /** The hash of every run of {@code n} units of {@code text}, in order (duplicates kept). */
  long[] hashes(NormalizedText text, int n);

  /** As {@link #hashes(NormalizedText, int)}, for a string. */
  long[] hashes(String text, int n);
}
