package dev.distillery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.stages.TeacherStage;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.OpenAiChatClients;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.RowSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Teacher throughput against the simulated endpoint with a fixed latency L = 200 ms, for
 * concurrency C in {64, 256, 1024}: achieved requests/s as a fraction of the bound C/L, client CPU
 * per request, and heap. The simulator runs in its own JVM ({@link SimulatedLlmMain}); this JVM is
 * the client alone: {@link TeacherStage} through the {@link CompletionBroker} (over a store that
 * discards) and {@link dev.distillery.llm.OpenAiChatClient} over HTTP. Each C sends 100 C requests
 * (n = 1), so C = 1024 makes 102,400 completions; C = 1024 runs three times, after an unmeasured
 * warm-up. The last column is the machine's load average, as other work skews the figures. Run with
 * {@code ./mvnw -o -Pbench -pl activities -am test}, which caps this JVM's heap at 512 MB and runs
 * it on the parallel collector.
 */
@Tag("benchmark")
class TeacherThroughputBenchmarkTest {
  private static final Duration LATENCY = Duration.ofMillis(200);
  private static final int ROUNDS = 100;

  /**
   * With 10% of requests turned away by a transient 429 ({@code Retry-After: 1}, headers showing
   * plenty left), C = 256: each such request waits alone, so the endpoint's slots stay busy. Three
   * runs, then their median fraction of C/L.
   */
  @Test
  void throughputWithTransient429s() throws Exception {
    Process simulator = startSimulator(0.10);
    try {
      URI baseUrl = URI.create("http://127.0.0.1:" + port(simulator) + "/v1");
      System.out.printf(
          "transient 429s: 10%% of requests, Retry-After 1 s; fixed latency %d ms%n",
          LATENCY.toMillis());
      run(baseUrl, simulator, 256, 20, false);
      header();
      double[] fractions = new double[Integer.getInteger("bench.repeats", 3)];
      for (int i = 0; i < fractions.length; i++) {
        fractions[i] = run(baseUrl, simulator, 256, ROUNDS, true);
      }
      Arrays.sort(fractions);
      System.out.printf(
          "C=256 with 10%% transient 429s, median fraction of C/L: %.3f%n",
          fractions[fractions.length / 2]);
    } finally {
      stop(simulator);
    }
  }

  @Test
  void throughputAgainstTheConcurrencyBound() throws Exception {
    Process simulator = startSimulator(0);
    try {
      URI baseUrl = URI.create("http://127.0.0.1:" + port(simulator) + "/v1");
      System.out.printf(
          "heap max %d MiB; simulator pid %d, fixed latency %d ms%n",
          Runtime.getRuntime().maxMemory() >> 20, simulator.pid(), LATENCY.toMillis());
      // Unmeasured: lets both JVMs compile the hot paths before the figures are taken.
      run(baseUrl, simulator, 1024, 20, false);
      header();
      for (String c : System.getProperty("bench.before", "64,256").split(",")) {
        if (!c.isBlank()) {
          run(baseUrl, simulator, Integer.parseInt(c.trim()), ROUNDS, true);
        }
      }
      double[] fractions = new double[Integer.getInteger("bench.repeats", 3)];
      for (int i = 0; i < fractions.length; i++) {
        fractions[i] = run(baseUrl, simulator, 1024, ROUNDS, true);
      }
      Arrays.sort(fractions);
      System.out.printf("C=1024 median fraction of C/L: %.3f%n", fractions[fractions.length / 2]);
    } finally {
      stop(simulator);
    }
  }

  private static void header() {
    System.out.printf(
        "%-6s %-9s %-8s %-7s %-6s %-9s %-11s %-11s %-15s %-14s %-6s %-8s%n",
        "C",
        "requests",
        "seconds",
        "req/s",
        "C/L",
        "fraction",
        "cpu-us/req",
        "sim-us/req",
        "heap-after-MiB",
        "peak-heap-MiB",
        "load1",
        "retries");
  }

  private static void stop(Process simulator) throws Exception {
    simulator.getOutputStream().close();
    if (!simulator.waitFor(10, TimeUnit.SECONDS)) {
      simulator.destroyForcibly();
    }
  }

  private static Process startSimulator(double rateLimited) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-Xmx1g",
            System.getProperty("bench.simulatorJvmArg", "-Dbench.simulator=true"),
            "-cp",
            System.getProperty("java.class.path"),
            SimulatedLlmMain.class.getName(),
            Long.toString(LATENCY.toMillis()),
            Double.toString(rateLimited))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static int port(Process simulator) throws Exception {
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("port=")) {
        return Integer.parseInt(line.substring("port=".length()));
      }
    }
    throw new IllegalStateException("the simulator exited before it listened");
  }

  /**
   * One run of {@code rounds * concurrency} requests; prints a table row if asked and returns the
   * fraction of C/L.
   */
  private static double run(
      URI baseUrl, Process simulator, int concurrency, int rounds, boolean print) throws Exception {
    int requests = concurrency * rounds;
    List<ObjectNode> questions = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      questions.add(Rows.question("q" + i, "bench", "math", "Question number " + i + "?", null));
    }
    ObjectNode params = Rows.JSON.createObjectNode();
    params.put("base_url", "simulated://bench").put("model", SimulatedLlmConfig.DEFAULT_MODEL);
    params.put("n", 1).put("temperature", 1.0).put("max_tokens", 256);
    params.put("concurrency", concurrency).put("max_retries", 8).put("timeout_seconds", 60);
    params.put("requests_per_minute", 0).put("tokens_per_minute", 0);
    CountingSink sink = new CountingSink();
    StageServices services =
        new StageServices(
            path -> {
              throw new java.io.FileNotFoundException(path);
            },
            new OpenAiChatClients(() -> baseUrl),
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
    collectGarbage();
    HeapSampler heap = HeapSampler.begin();
    long simCpuStart = cpuNanos(simulator);
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    new TeacherStage()
        .run(new StageContext("teacher", params, List.of(input), sink, Progress.NONE, services));
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuNanos = os.getProcessCpuTime() - cpuStart;
    long simCpuNanos = cpuNanos(simulator) - simCpuStart;
    long peakHeap = heap.peak();
    collectGarbage();
    long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    assertEquals(requests, sink.rows.get(), "one row per question");
    assertEquals(requests, sink.requests.get(), "one request per question");
    double rate = requests / seconds;
    double bound = concurrency / (LATENCY.toMillis() / 1000.0);
    if (!print) {
      return rate / bound;
    }
    System.out.printf(
        "%-6d %-9d %-8.1f %-7.0f %-6.0f %-9.3f %-11.0f %-11.0f %-15d %-14d %-6.1f %-8d%n",
        concurrency,
        requests,
        seconds,
        rate,
        bound,
        rate / bound,
        cpuNanos / 1e3 / requests,
        simCpuNanos / 1e3 / requests,
        heapAfter >> 20,
        peakHeap >> 20,
        os.getSystemLoadAverage(),
        sink.retries.get());
    return rate / bound;
  }

  private static long cpuNanos(Process process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static void collectGarbage() throws InterruptedException {
    System.gc();
    Thread.sleep(100);
    System.gc();
  }

  /** Counts rows and requests without keeping them. */
  private static final class CountingSink implements RowSink {
    final AtomicLong rows = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    @Override
    public void write(ObjectNode row) {
      rows.incrementAndGet();
    }

    @Override
    public void countIn(long n) {}

    @Override
    public void drop(String reason) {}

    @Override
    public void count(String counter, long delta) {
      if ("requests".equals(counter)) {
        requests.addAndGet(delta);
      } else if ("retries".equals(counter)) {
        retries.addAndGet(delta);
      }
    }
  }
}
