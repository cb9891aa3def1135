package dev.distillery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.activity.OpenAiChatClients;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.stages.Input;
import dev.distillery.stages.Progress;
import dev.distillery.stages.Rows;
import dev.distillery.stages.StageContext;
import dev.distillery.stages.StageServices;
import dev.distillery.stages.TeacherStage;
import dev.distillery.store.RowSink;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Teacher throughput against the simulated endpoint with latency L = 200 ms (uniform in [100, 300]
 * ms, mean 200), for concurrency C in {64, 256, 1024}: achieved requests/s as a fraction of the
 * bound C/L, process CPU per request (client and simulator share this JVM), and heap after the run.
 * Each C runs 100 rounds of C requests (n = 1), so C = 1024 makes 102,400 completions. Run with
 * {@code ./mvnw -Pbench -pl activities -am test}.
 */
@Tag("benchmark")
class TeacherThroughputBenchmarkTest {
  private static final Duration LATENCY = Duration.ofMillis(200);

  @Test
  void throughputAgainstTheConcurrencyBound() throws Exception {
    System.out.printf(
        "%-6s %-11s %-9s %-8s %-9s %-13s %-12s%n",
        "C", "requests", "seconds", "req/s", "C/L", "fraction", "cpu-us/req");
    for (int c : new int[] {64, 256, 1024}) {
      run(c);
    }
    System.gc();
    Thread.sleep(200);
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    System.out.printf(
        "heap used after the runs (after GC): %d MiB of %d MiB max%n",
        heap.getUsed() >> 20, heap.getMax() >> 20);
  }

  private static void run(int concurrency) throws Exception {
    int requests = concurrency * 100;
    List<ObjectNode> questions = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      questions.add(Rows.question("q" + i, "bench", "math", "Question number " + i + "?", null));
    }
    ObjectNode params = Rows.JSON.createObjectNode();
    params.put("base_url", "simulated://bench").put("model", SimulatedLlmConfig.DEFAULT_MODEL);
    params.put("n", 1).put("temperature", 1.0).put("max_tokens", 256);
    params.put("concurrency", concurrency).put("max_retries", 3).put("timeout_seconds", 60);
    params.put("requests_per_minute", 0).put("tokens_per_minute", 0);
    CountingSink sink = new CountingSink();
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.defaults().withLatency(LATENCY))) {
      StageServices services =
          new StageServices(
              path -> {
                throw new java.io.FileNotFoundException(path);
              },
              new OpenAiChatClients(server::baseUrl),
              new CompletionBroker(new DiscardingBlobStore()),
              Map.of());
      Input input =
          new Input() {
            @Override
            public String kind() {
              return "bench";
            }

            @Override
            public void forEach(RowAction action) throws Exception {
              for (ObjectNode q : questions) {
                action.accept(q);
              }
            }
          };
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      new TeacherStage()
          .run(new StageContext("teacher", params, List.of(input), sink, Progress.NONE, services));
      double seconds = (System.nanoTime() - start) / 1e9;
      long cpuNanos = os.getProcessCpuTime() - cpuStart;
      assertEquals(requests, sink.rows.get());
      assertEquals(requests, server.completedCount());
      double rate = requests / seconds;
      double bound = concurrency / (LATENCY.toMillis() / 1000.0);
      System.out.printf(
          "%-6d %-11d %-9.1f %-8.0f %-9.0f %-13.3f %-12.0f%n",
          concurrency, requests, seconds, rate, bound, rate / bound, cpuNanos / 1e3 / requests);
    }
  }

  /** Counts rows without keeping them. */
  private static final class CountingSink implements RowSink {
    final AtomicLong rows = new AtomicLong();

    @Override
    public void write(ObjectNode row) {
      rows.incrementAndGet();
    }

    @Override
    public void countIn(long n) {}

    @Override
    public void drop(String reason) {}

    @Override
    public void count(String counter, long delta) {}
  }
}
