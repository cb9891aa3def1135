package dev.distillery.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import dev.distillery.plan.StageRef;
import dev.distillery.recipe.StageKinds;
import dev.distillery.stages.DecontaminateStage;
import dev.distillery.stages.DedupStage;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.JsonLine;
import dev.distillery.store.Manifest;
import dev.distillery.store.OutputFile;
import dev.distillery.store.RowReader;
import dev.distillery.store.RunInfo;
import dev.distillery.store.StageWriter;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single-thread throughput of exact dedup, fuzzy dedup (threshold 90) and decontamination against
 * 10,000 benchmark questions, on {@code bench.rows} generated questions (default 1,000,000) of
 * about 300 chars. The input is a real artifact (zstd JSON-lines parts written by a {@link
 * StageWriter}) on local disk, read through the store's {@link RowReader} with its checksums as a
 * stage activity reads it; the output goes through a real {@link StageWriter} (zstd parts, sha256)
 * to a store that discards the bytes. 5% of the rows are near copies of earlier rows, 1% near
 * copies (ratio about 80-95) of benchmark questions; the recall of each is printed. Figures are per
 * core: the stages are single-threaded; load1 (the machine's 1-minute load average at the end of
 * each stage) says how much else ran. The I/O bound is {@code zstd -d -c PARTS | wc -l} on the same
 * parts. {@code bench.stages} picks stages (io, read, write, exact, fuzzy, decontaminate; default
 * all). Run with {@code ./mvnw -o -Pbench -pl activities -am test
 * -Dtest=DedupThroughputBenchmarkTest -Dbench.rows=200000}.
 */
@Tag("benchmark")
class DedupThroughputBenchmarkTest {
  private static final int BENCHMARK_QUESTIONS =
      Integer.getInteger("bench.benchmarkQuestions", 10_000);

  @TempDir Path dir;

  @Test
  void throughputPerCore() throws Exception {
    int n = Integer.getInteger("bench.rows", 1_000_000);
    Random random = new Random(42);
    Generator gen = new Generator(random);
    List<String> benchmark = new ArrayList<>();
    for (int i = 0; i < BENCHMARK_QUESTIONS; i++) {
      benchmark.add(gen.question());
    }
    Path bench = dir.resolve("bench.jsonl");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(bench))) {
      for (int i = 0; i < benchmark.size(); i++) {
        ObjectNode row = Rows.JSON.createObjectNode().put("id", "b" + i);
        row.put("question", benchmark.get(i));
        out.write(Rows.JSON.writeValueAsBytes(row));
        out.write('\n');
      }
    }
    DirectoryBlobStore inputBlobs = new DirectoryBlobStore(dir.resolve("store"));
    ArtifactStore inputStore = new ArtifactStore(inputBlobs);
    long bytes = 0;
    int plantedDup = 0;
    int plantedContam = 0;
    List<String> recent = new ArrayList<>();
    Manifest input;
    try (StageWriter out =
        inputStore.begin(
            new StageRef("source", "cd".repeat(32)),
            1,
            Rows.JSON.createObjectNode(),
            List.of(),
            new RunInfo("source", "wf", "run", "bench", "bench"),
            Clock.systemUTC())) {
      for (int i = 0; i < n; i++) {
        String question;
        String kind;
        double roll = random.nextDouble();
        if (roll < 0.05 && !recent.isEmpty()) {
          question = gen.edit(recent.get(random.nextInt(recent.size())), 1 + random.nextInt(2));
          kind = "dup";
          plantedDup++;
        } else if (roll < 0.06) {
          question =
              gen.edit(benchmark.get(random.nextInt(benchmark.size())), 2 + random.nextInt(4));
          kind = "contam";
          plantedContam++;
        } else {
          question = gen.question();
          kind = "clean";
          if (recent.size() < 10_000) {
            recent.add(question);
          } else {
            recent.set(random.nextInt(recent.size()), question);
          }
        }
        ObjectNode row = Rows.question("q" + i + "-" + kind, "gen", "math", question, null);
        out.write(row);
        bytes += Rows.JSON.writeValueAsBytes(row).length + 1;
      }
      input = out.commit();
    }
    List<Path> parts = new ArrayList<>();
    for (OutputFile file : input.files()) {
      parts.add(inputBlobs.file(input.ref().folder() + "/" + file.name()));
    }
    System.out.printf(
        "%d rows, %.1f MB of JSONL (%.1f MB zst), %d planted near-dups, %d planted contaminations;"
            + " heap max %d MiB%n",
        n,
        bytes / 1e6,
        input.files().stream().mapToLong(OutputFile::bytes).sum() / 1e6,
        plantedDup,
        plantedContam,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        "%-22s %-8s %-8s %-10s %-10s %-9s %-13s %-14s %-15s %-6s%n",
        "stage",
        "seconds",
        "MB/s",
        "rows/s",
        "dropped",
        "recall",
        "cpu-seconds",
        "peak-heap-MiB",
        "after-GC-MiB",
        "load1");
    String stages = System.getProperty("bench.stages", "io,read,write,exact,fuzzy,decontaminate");
    if (stages.contains("io")) {
      ioBound(parts, bytes, n);
    }
    if (stages.contains("read")) {
      run("read lines only", null, Map.of(), inputStore, input, bytes, n, bench, 0);
      run("read+parse only", null, Map.of("parse", true), inputStore, input, bytes, n, bench, 0);
    }
    if (stages.contains("write")) {
      // Dedup "none": every stage's floor, reading, parsing and writing every row through the
      // store.
      run(
          "read+parse+write",
          new DedupStage(),
          Map.of("method", "none"),
          inputStore,
          input,
          bytes,
          n,
          bench,
          0);
    }
    if (stages.contains("exact")) {
      run(
          "exact dedup",
          new DedupStage(),
          Map.of("method", "exact"),
          inputStore,
          input,
          bytes,
          n,
          bench,
          0);
    }
    if (stages.contains("fuzzy")) {
      run(
          "fuzzy dedup (90)",
          new DedupStage(),
          Map.of("method", "fuzzy"),
          inputStore,
          input,
          bytes,
          n,
          bench,
          plantedDup);
    }
    if (stages.contains("decontaminate")) {
      run(
          "decontaminate (" + BENCHMARK_QUESTIONS / 1000 + "k)",
          new DecontaminateStage(),
          Map.of("benchmarks", List.of(bench.toString())),
          inputStore,
          input,
          bytes,
          n,
          bench,
          plantedContam);
    }
  }

  /**
   * The I/O bound: {@code zstd -d < input | wc -l} through the shell when the zstd CLI is on the
   * PATH (two processes, so up to two cores), and zstd-jni decompression with newline counting in
   * this JVM (one thread) in any case.
   */
  private static void ioBound(List<Path> parts, long bytes, int n) throws Exception {
    StringBuilder files = new StringBuilder();
    for (Path part : parts) {
      files.append(" '").append(part).append('\'');
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder("sh", "-c", "zstd -q -d -c" + files + " | wc -l")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int exit = p.waitFor();
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (exit != 0 || !out.equals(Integer.toString(n))) {
        System.out.printf("zstd -d | wc -l: unavailable (exit %d, output '%s')%n", exit, out);
        break;
      }
      printIo("zstd -d | wc -l", seconds, bytes, n);
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      long t0 = System.nanoTime();
      long lines = 0;
      byte[] buffer = new byte[1 << 17];
      for (Path part : parts) {
        try (ZstdInputStream in = new ZstdInputStream(Files.newInputStream(part))) {
          for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
            for (int i = 0; i < r; i++) {
              if (buffer[i] == '\n') {
                lines++;
              }
            }
          }
        }
      }
      assertTrue(lines == n);
      printIo("zstd-jni + count \\n", (System.nanoTime() - t0) / 1e9, bytes, n);
    }
  }

  private static void printIo(String label, double seconds, long bytes, int n) {
    System.out.printf(
        "%-22s %-8.2f %-8.1f %-10.0f%n", label, seconds, bytes / 1e6 / seconds, n / seconds);
  }

  private void run(
      String label,
      Stage stage,
      Map<String, Object> values,
      ArtifactStore inputStore,
      Manifest input,
      long bytes,
      int n,
      Path bench,
      int planted)
      throws Exception {
    System.gc();
    HeapSampler heap = HeapSampler.begin();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    long[] droppedPlanted = {0};
    long droppedAll;
    if (stage == null) {
      long[] count = {0};
      if (values.containsKey("parse")) {
        rowsOf(inputStore, input).forEach(row -> count[0]++);
      } else {
        rowsOf(inputStore, input).forEachLine(line -> count[0]++);
      }
      assertTrue(count[0] == n);
      droppedAll = 0;
    } else {
      ArtifactStore store = new ArtifactStore(new DiscardingBlobStore());
      String kind = stage instanceof DedupStage ? "dedup" : "decontaminate";
      StageRef ref = new StageRef(kind, "ab".repeat(32));
      RunInfo run = new RunInfo(kind, "wf", "run", "bench", "bench");
      try (StageWriter writer =
          store.begin(ref, 1, Rows.JSON.createObjectNode(), List.of(), run, Clock.systemUTC())) {
        String plantedTag = kind.equals("dedup") ? "-dup" : "-contam";
        StageContext context =
            new StageContext(
                "bench",
                params(kind, values),
                List.of(rowsOf(inputStore, input)),
                new CountingSink(writer, plantedTag, droppedPlanted),
                Progress.NONE,
                localFiles());
        stage.run(context);
        Manifest m = writer.commit();
        droppedAll = m.counters().dropped().values().stream().mapToLong(Long::longValue).sum();
        System.out.println("counters: " + m.extra());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    long peak = heap.peak();
    long peakAfterGc = heap.peakAfterGc();
    System.out.printf(
        "%-22s %-8.1f %-8.1f %-10.0f %-10d %-9s %-13.1f %-14d %-15d %-6.1f%n",
        label,
        seconds,
        bytes / 1e6 / seconds,
        n / seconds,
        droppedAll,
        planted == 0 ? "-" : String.format("%.3f", (double) droppedPlanted[0] / planted),
        cpu,
        peak >> 20,
        peakAfterGc >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static ObjectNode params(String kind, Map<String, Object> values) {
    ObjectNode params = Rows.JSON.createObjectNode();
    StageKinds.find(kind)
        .orElseThrow()
        .params()
        .forEach(
            p -> {
              if (p.defaultValue() != null) {
                params.set(p.name(), p.defaultValue());
              }
            });
    values.forEach((k, v) -> params.set(k, Rows.JSON.valueToTree(v)));
    return params;
  }

  private static StageServices localFiles() {
    return new StageServices(
        path -> {
          Path p = Path.of(path);
          if (!Files.exists(p)) {
            throw new FileNotFoundException(path);
          }
          return Files.newInputStream(p);
        },
        endpoint -> {
          throw new IllegalStateException("no LLM in this benchmark");
        },
        null,
        Map.of());
  }

  /** The input artifact through the store's reader, as a stage activity reads it. */
  private static Input rowsOf(ArtifactStore store, Manifest input) {
    return new Input() {
      @Override
      public String kind() {
        return "source";
      }

      @Override
      public void forEach(RowAction action) throws Exception {
        try (RowReader reader = store.open(input)) {
          for (ObjectNode row = reader.next(); row != null; row = reader.next()) {
            action.accept(row);
          }
        }
      }

      @Override
      public void forEachLine(LineAction action) throws Exception {
        try (RowReader reader = store.open(input)) {
          for (JsonLine line = reader.nextLine(); line != null; line = reader.nextLine()) {
            action.accept(line);
          }
        }
      }
    };
  }
}
