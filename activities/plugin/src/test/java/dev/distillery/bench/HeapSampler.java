package dev.distillery.bench;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The highest heap use during a run: the whole heap's used bytes, sampled every 10 ms from {@link
 * #begin} until {@link #peak}. Only whole-heap samples count: adding up the heap pools' own peaks
 * (eden, survivor, old) would add maxima reached at different moments and could report more than
 * the heap can ever hold at once (more than {@code -Xmx}).
 *
 * <p>Used heap includes garbage not yet collected, so under a collector that lets the heap fill
 * before collecting it comes close to {@code -Xmx} whatever the program keeps. {@link #peakAfterGc}
 * is the other measure: the highest heap use at the end of a collection during the run (the live
 * data plus the garbage that collection left, e.g. in the old generation after a young collection),
 * read from each collector's last {@link GcInfo}.
 */
final class HeapSampler {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread = new Thread(this::sample, "heap-sampler");
  private volatile boolean running = true;
  private volatile long sampled;
  private volatile long afterGc;
  private final List<GarbageCollectorMXBean> collectors =
      ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class);
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());
  private final long startedMillis = ManagementFactory.getRuntimeMXBean().getUptime();

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

  /**
   * Stops sampling and returns the highest heap use in bytes at the end of a collection during the
   * run, or 0 when none ran.
   */
  long peakAfterGc() throws InterruptedException {
    peak();
    return afterGc;
  }

  private void sample() {
    long[] lastIds = new long[collectors.size()];
    while (running) {
      sampled = Math.max(sampled, memory.getHeapMemoryUsage().getUsed());
      for (int i = 0; i < collectors.size(); i++) {
        GcInfo info = collectors.get(i).getLastGcInfo();
        if (info != null && info.getId() != lastIds[i]) {
          lastIds[i] = info.getId();
          if (info.getStartTime() >= startedMillis) {
            afterGc =
                Math.max(
                    afterGc,
                    info.getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed())
                        .sum());
          }
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
