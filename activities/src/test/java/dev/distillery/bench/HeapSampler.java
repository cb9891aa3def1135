package dev.distillery.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The highest heap use during a run: the whole heap's used bytes, sampled every 10 ms from {@link
 * #begin} until {@link #peak}. Only whole-heap samples count: adding up the heap pools' own peaks
 * (eden, survivor, old) would add maxima reached at different moments and could report more than
 * the heap can ever hold at once (more than {@code -Xmx}).
 */
final class HeapSampler {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread = new Thread(this::sample, "heap-sampler");
  private volatile boolean running = true;
  private volatile long sampled;

  private HeapSampler() {}

  static HeapSampler begin() {
    HeapSampler sampler = new HeapSampler();
    sampler.thread.setDaemon(true);
    sampler.thread.start();
    return sampler;
  }

  /** Stops sampling and returns the highest sampled heap use in bytes. */
  long peak() throws InterruptedException {
    running = false;
    thread.join();
    return sampled;
  }

  private void sample() {
    while (running) {
      sampled = Math.max(sampled, memory.getHeapMemoryUsage().getUsed());
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
