package dev.distillery.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The highest heap use during a run: the larger of the whole heap's use sampled every 10 ms and the
 * sum of the heap pools' own peaks since {@link #begin}.
 */
final class HeapSampler {
  private final List<MemoryPoolMXBean> pools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();
  private final Thread thread = new Thread(this::sample, "heap-sampler");
  private volatile boolean running = true;
  private volatile long sampled;

  private HeapSampler() {}

  static HeapSampler begin() {
    HeapSampler sampler = new HeapSampler();
    sampler.pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    sampler.thread.setDaemon(true);
    sampler.thread.start();
    return sampler;
  }

  /** Stops sampling and returns the peak in bytes. */
  long peak() throws InterruptedException {
    running = false;
    thread.join();
    long poolPeaks = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return Math.max(sampled, poolPeaks);
  }

  private void sample() {
    while (running) {
      sampled =
          Math.max(sampled, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
