package dev.distillery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.cli.BenchAccess;
import dev.distillery.config.DistillConfig;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.worker.WorkerSettings;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's scale benchmark: a 1,000-experiment sweep of tiny stages with shared prefixes (8 stages
 * each: 1 + 1 + 10 + 100 + 4 x 1,000 unique content addresses) on the embedded stack, then the same
 * sweep submitted again. Prints wall times, stages executed against unique addresses, peak heap and
 * the largest workflow history. Run: {@code ./mvnw -o -Pbench -pl workers -am test
 * -Dtest=SweepScaleBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}; {@code
 * -Ddistill.bench.parallelism=N} changes the sweep's window (default 200), {@code
 * -Ddistill.bench.historyLimit=E} the history length past which the sweep continues as new (default
 * 8,000).
 */
@Tag("benchmark")
class SweepScaleBenchmarkTest {
  private static final String RECIPE =
      """
      recipe: scale
      stages:
        - {id: source, kind: synthetic-arithmetic, params: {count: 20, seed: 1}}
        - {id: dedup, kind: dedup}
        - {id: a, kind: filter-questions, params: {min_chars: 0}}
        - {id: b, kind: filter-questions, params: {max_chars: 1000}}
        - {id: c, kind: filter-questions, params: {keep: 0.9}}
        - {id: d, kind: filter-questions, params: {keep: 0.9}}
        - {id: e, kind: filter-questions, params: {keep: 0.9}}
        - {id: f, kind: dedup}
      """;

  @TempDir Path home;

  @Test
  void aThousandExperimentSweepRunsEachUniqueStageOnceThenReusesEverything() throws Exception {
    int parallelism = Integer.getInteger("distill.bench.parallelism", 200);
    int historyLimit = Integer.getInteger("distill.bench.historyLimit", 0);
    Files.writeString(home.resolve("recipe.yaml"), RECIPE);
    Path sweepFile = home.resolve("sweep.yaml");
    Files.writeString(
        sweepFile,
        """
        sweep: scale
        recipe: recipe.yaml
        parallelism: %d
        grid:
          stages.a.min_chars: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
          stages.b.max_chars: [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]
          stages.c.seed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        """
            .formatted(parallelism));
    PeakHeap heap = PeakHeap.start();
    try (SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        Stack stack =
            Stack.open(
                DistillConfig.fromEnvironment(
                    Map.of(
                        "DISTILL_HOME", home.toString(),
                        "DISTILL_SIMULATOR_URL", llm.baseUrl().toString())),
                Stack.Mode.EMBEDDED,
                0,
                0)) {
      stack.startWorker(WorkerSettings.of(64));
      BenchAccess sweeps = new BenchAccess(stack, historyLimit);
      SweepPlan plan = sweeps.plan(sweepFile);
      long unique =
          plan.experiments().stream()
              .flatMap(e -> e.stages().stream())
              .map(PlannedStage::key)
              .distinct()
              .count();
      ExecutionSettings settings = new ExecutionSettings(60, 30);

      long t0 = System.nanoTime();
      SweepResult first = sweeps.run(plan, settings);
      double firstSeconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Integer> executed = computedByKey(first);
      long heapAfterFirst = heap.peak();
      long[] histories = largestHistories(stack.client(), first);

      // Resubmitted three times: the median is the figure, the spread shows the noise.
      double[] againSeconds = new double[3];
      SweepResult again = null;
      Map<String, Integer> executedAgain = new HashMap<>();
      for (int i = 0; i < againSeconds.length; i++) {
        long t1 = System.nanoTime();
        again = sweeps.run(plan, settings);
        againSeconds[i] = (System.nanoTime() - t1) / 1e9;
        computedByKey(again).forEach((k, n) -> executedAgain.merge(k, n, Integer::sum));
      }
      double[] sorted = againSeconds.clone();
      java.util.Arrays.sort(sorted);

      System.out.printf(
          "%nsweep scale: %d experiments x 8 stages, parallelism %d, history limit %s%n"
              + "first run:    %.1f s, stages executed %d, unique content addresses %d,"
              + " most executions of one address %d, failed experiments %d%n"
              + "resubmission x3: median %.1f s (%.1f, %.1f, %.1f), stages executed %d,"
              + " failed experiments %d%n"
              + "peak heap used: %d MiB after the first run, %d MiB overall (max %d MiB)%n"
              + "largest history (events): sweep run %d (%d runs), experiment %d, stage %d%n",
          plan.experiments().size(),
          parallelism,
          historyLimit == 0 ? "default" : historyLimit,
          firstSeconds,
          executed.values().stream().mapToInt(Integer::intValue).sum(),
          unique,
          executed.values().stream().mapToInt(Integer::intValue).max().orElse(0),
          first.failed(),
          sorted[1],
          againSeconds[0],
          againSeconds[1],
          againSeconds[2],
          executedAgain.size(),
          again.failed(),
          heapAfterFirst >> 20,
          heap.peak() >> 20,
          Runtime.getRuntime().maxMemory() >> 20,
          histories[0],
          histories[3],
          histories[1],
          histories[2]);
      heap.stop();
      assertEquals(0, first.failed());
      assertEquals(unique, executed.size());
      assertEquals(unique, executed.values().stream().mapToInt(Integer::intValue).sum());
      assertEquals(0, executedAgain.size());
    }
  }

  private static Map<String, Integer> computedByKey(SweepResult result) {
    Map<String, Integer> computed = new HashMap<>();
    for (ExperimentResult e : result.experiments()) {
      for (StageResult s : e.stages()) {
        if (s.outcome() == StageOutcome.COMPUTED) {
          computed.merge(s.key(), 1, Integer::sum);
        }
      }
    }
    return computed;
  }

  /** {sweep run, experiment, stage, sweep runs}: the largest over every sweep run and a sample. */
  private static long[] largestHistories(WorkflowClient client, SweepResult result) {
    long sweepMax = 0;
    int runs = 0;
    String runId = null;
    // Walk the chain of continued runs back from the latest one.
    WorkflowExecutionHistory h = client.fetchHistory("scale");
    while (true) {
      runs++;
      sweepMax = Math.max(sweepMax, h.getHistory().getEventsCount());
      HistoryEvent start = h.getHistory().getEvents(0);
      String previous =
          start.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
      if (previous.isEmpty()) {
        break;
      }
      runId = previous;
      h = client.fetchHistory("scale", runId);
    }
    long experimentMax = 0;
    long stageMax = 0;
    List<ExperimentResult> experiments = result.experiments();
    for (int i = 0; i < experiments.size(); i += 50) {
      ExperimentResult e = experiments.get(i);
      experimentMax =
          Math.max(
              experimentMax,
              client.fetchHistory("scale/" + e.experiment()).getHistory().getEventsCount());
      for (StageResult s : e.stages()) {
        stageMax =
            Math.max(
                stageMax,
                client
                    .fetchHistory("stage/" + s.kind() + "/" + s.key())
                    .getHistory()
                    .getEventsCount());
      }
    }
    return new long[] {sweepMax, experimentMax, stageMax, runs};
  }

  /** Samples heap used after collections (pool peaks), so the figure is live data, not garbage. */
  private static final class PeakHeap {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    private PeakHeap() {
      thread =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  long used = 0;
                  for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                      used += pool.getCollectionUsage().getUsed();
                    }
                  }
                  peak.accumulateAndGet(used, Math::max);
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "peak-heap");
      thread.setDaemon(true);
    }

    static PeakHeap start() {
      PeakHeap h = new PeakHeap();
      h.thread.start();
      return h;
    }

    long peak() {
      return peak.get();
    }

    void stop() {
      thread.interrupt();
    }
  }
}
