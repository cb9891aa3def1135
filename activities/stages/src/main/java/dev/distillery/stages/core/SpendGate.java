package dev.distillery.stages.core;

/**
 * What a stage's paid model requests may spend: the sweep's budget as seen from one running shard.
 * A stage asks {@link #admit} before each request and reports its cost with {@link #spent}; once
 * {@code admit} says no, the stage starts no more requests and ends early with a {@link
 * StagePausedException}, its output complete up to its last progress report.
 */
public interface SpendGate {
  /** Whether another paid request may start; may block briefly while the sweep is asked. */
  boolean admit() throws InterruptedException;

  /** Records what a finished request cost. */
  void spent(long tokens, long microUsd);

  /** A gate that never closes: no budget applies. */
  SpendGate UNLIMITED =
      new SpendGate() {
        @Override
        public boolean admit() {
          return true;
        }

        @Override
        public void spent(long tokens, long microUsd) {}
      };
}
