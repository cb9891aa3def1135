package dev.distillery.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.DecontaminateStage;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.RowSink;
import dev.distillery.text.IndelPattern;
import dev.distillery.text.MathQuestions;
import dev.distillery.text.Paraphraser;
import dev.distillery.text.Texts;
import dev.distillery.text.VariedQuestions;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall and speed of decontamination's ratio rule on paraphrases, not near copies: {@code
 * bench.benchmarkQuestions} generated benchmark questions (default 10,000), {@code bench.rows}
 * candidate questions (default 100,000), 2% of them paraphrases of benchmark questions planted in
 * every 5-point ratio band from 75 by five kinds of edit ({@link Paraphraser}), the rest fresh
 * questions. Prints recall per band and kind, how many fresh questions an all-pairs oracle finds
 * contaminated among a sample of {@code bench.oracleRows} (default 1,000) and how many of those the
 * stage caught, and the stage's speed (question text MB/s, one thread) and heap. {@code
 * bench.generator} picks the questions: {@code varied} (default, {@link VariedQuestions}: unrelated
 * questions share about as many shingles as unrelated English sentences) or {@code math} ({@link
 * MathQuestions}: harsh, a few dozen sentence patterns, so unrelated questions share far more
 * shingles than real ones do and the speed is a floor). {@code bench.ratioMode} is the stage's
 * {@code ratio_mode}. Precision is taken over every dropped row (its ratio to the benchmark
 * question its drop names). The heap figure is the largest in use after a collection during the
 * stage, above the input rows; {@code bench.liveHeapEveryMs} adds full collections at that
 * interval, and {@code bench.liveHeapAtHalf=true} one half-way through the input, which prints the
 * live heap the stage holds then (time the stage without either). The test holds its input rows in
 * memory: give it a heap to match ({@code "-Ddistill.test.argLine=-Xmx6g -XX:+UseParallelGC"} for
 * 10^6 rows). Run with {@code ./mvnw -o -Pbench -pl activities -am test
 * -Dtest=DecontaminationRecallBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class DecontaminationRecallBenchmarkTest {
  private static final double[][] BANDS = {{75, 80}, {80, 85}, {85, 90}, {90, 95}, {95, 100.01}};

  @TempDir Path dir;

  @Test
  void recallPerBandAndKindAndSpeed() throws Exception {
    int benchmarkSize = Integer.getInteger("bench.benchmarkQuestions", 10_000);
    int rows = Integer.getInteger("bench.rows", 100_000);
    int oracleRows = Integer.getInteger("bench.oracleRows", 1_000);
    String ratioMode = System.getProperty("bench.ratioMode", "fast");
    String generator = System.getProperty("bench.generator", "varied");
    java.util.function.Supplier<String> questions =
        generator.equals("math") ? new MathQuestions(21)::next : new VariedQuestions(21)::next;
    List<String> benchmark = new ArrayList<>();
    Path bench = dir.resolve("bench.jsonl");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(bench))) {
      for (int i = 0; i < benchmarkSize; i++) {
        String question = questions.get();
        benchmark.add(Texts.normalize(question));
        ObjectNode row = Rows.JSON.createObjectNode().put("id", "b" + i).put("question", question);
        out.write(Rows.JSON.writeValueAsBytes(row));
        out.write('\n');
      }
    }
    SplittableRandom random = new SplittableRandom(22);
    Paraphraser paraphraser = new Paraphraser(23);
    List<ObjectNode> input = new ArrayList<>(rows);
    Map<String, String> planted = new TreeMap<>();
    long bytes = 0;
    Paraphraser.Kind[] kinds = Paraphraser.Kind.values();
    for (int i = 0; i < rows; i++) {
      String id = "r" + i;
      String question = null;
      if (random.nextInt(50) == 0) {
        Paraphraser.Kind kind = kinds[random.nextInt(kinds.length)];
        double[] band = BANDS[random.nextInt(BANDS.length)];
        question =
            paraphraser.paraphrase(
                benchmark.get(random.nextInt(benchmarkSize)), kind, band[0], band[1]);
        if (question != null) {
          planted.put(id, kind + " " + (int) band[0]);
        }
      }
      if (question == null) {
        question = questions.get();
      }
      bytes += question.length();
      input.add(Rows.question(id, "gen", "math", question, null));
    }
    ObjectNode params = Rows.JSON.createObjectNode();
    params.putArray("benchmarks").add(bench.toString());
    params.putArray("question_fields").add("question");
    params.put("id_field", "id").put("threshold", 75).put("ngram", 500);
    params.put("ngram_unit", "tokens").put("normalize", "lower").put("ratio_mode", ratioMode);
    Set<String> dropped = new HashSet<>();
    Map<String, Integer> droppedFor = new java.util.HashMap<>();
    Map<String, Long> counters = new TreeMap<>();
    RowSink sink =
        new RowSink() {
          @Override
          public void write(ObjectNode row) {}

          @Override
          public void countIn(long n) {}

          @Override
          public void drop(String reason) {}

          @Override
          public void dropRow(ObjectNode row, String reason, ObjectNode detail) {
            dropped.add(row.get("id").asText());
            droppedFor.put(
                row.get("id").asText(),
                Integer.parseInt(detail.at("/benchmark/id").asText().substring(1)));
          }

          @Override
          public void count(String counter, long delta) {
            counters.merge(counter, delta, Long::sum);
          }
        };
    boolean liveHeapAtHalf = Boolean.getBoolean("bench.liveHeapAtHalf");
    long[] liveAtHalf = {0};
    Input source =
        new Input() {
          @Override
          public String kind() {
            return "source";
          }

          @Override
          public void forEach(RowAction action) throws Exception {
            int at = 0;
            for (ObjectNode row : input) {
              if (liveHeapAtHalf && at++ == input.size() / 2) {
                // Mid-stage, the index is alive: a full collection leaves what the stage holds.
                System.gc();
                liveAtHalf[0] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
              }
              action.accept(row.deepCopy());
            }
          }
        };
    StageServices services =
        new StageServices(
            path -> {
              if (!Files.exists(Path.of(path))) {
                throw new FileNotFoundException(path);
              }
              return Files.newInputStream(Path.of(path));
            },
            null,
            null,
            Map.of());
    System.gc();
    long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long[] liveAfterGc = {0};
    List<Runnable> unlisten = listenToCollections(liveAfterGc);
    // With bench.liveHeapEveryMs, full collections at that interval make the figure the live heap
    // (and cost time: measure speed without it).
    long every = Long.getLong("bench.liveHeapEveryMs", 0);
    Thread collector =
        new Thread(
            () -> {
              try {
                while (every > 0) {
                  Thread.sleep(every);
                  System.gc();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    collector.setDaemon(true);
    collector.start();
    long start = System.nanoTime();
    new DecontaminateStage()
        .run(new StageContext("d", params, List.of(source), sink, Progress.NONE, services));
    double seconds = (System.nanoTime() - start) / 1e9;
    collector.interrupt();
    unlisten.forEach(Runnable::run);
    if (liveHeapAtHalf) {
      System.out.printf(
          "live heap half-way through the stage, above the input rows: %d MiB%n",
          (liveAtHalf[0] - baseline) >> 20);
    }

    Map<String, int[]> recall = new TreeMap<>();
    planted.forEach(
        (id, label) -> {
          int[] c = recall.computeIfAbsent(label, k -> new int[2]);
          c[0]++;
          c[1] += dropped.contains(id) ? 1 : 0;
        });
    Map<String, int[]> byBand = new TreeMap<>();
    recall.forEach(
        (label, c) -> {
          int[] b =
              byBand.computeIfAbsent(label.substring(label.indexOf(' ') + 1), k -> new int[2]);
          b[0] += c[0];
          b[1] += c[1];
        });
    int sampled = 0;
    int accidental = 0;
    int accidentalCaught = 0;
    int wronglyDropped = 0;
    for (ObjectNode row : input) {
      String id = row.get("id").asText();
      if (planted.containsKey(id) || sampled >= oracleRows) {
        continue;
      }
      sampled++;
      IndelPattern pattern = new IndelPattern(Texts.normalize(row.get("question").asText()));
      boolean contaminated = false;
      for (String item : benchmark) {
        if (pattern.atLeast(item, 75)) {
          contaminated = true;
          break;
        }
      }
      accidental += contaminated ? 1 : 0;
      accidentalCaught += contaminated && dropped.contains(id) ? 1 : 0;
      wronglyDropped += !contaminated && dropped.contains(id) ? 1 : 0;
    }
    System.out.printf(
        "%s questions: %d benchmark questions, %d rows (%.1f MB of question text), %d paraphrases"
            + " planted%n",
        generator, benchmarkSize, rows, bytes / 1e6, planted.size());
    System.out.printf(
        "ratio_mode %s: %.1f s, %.2f MB/s, %.0f rows/s; largest heap after a collection during the"
            + " stage, above the input rows (an upper bound of what it kept): %s; band hits/row %.1f,"
            + " candidates/row %.2f, compared/row %.2f%n",
        ratioMode,
        seconds,
        bytes / seconds / 1e6,
        rows / seconds,
        liveAfterGc[0] == 0 ? "no collection" : ((liveAfterGc[0] - baseline) >> 20) + " MiB",
        counters.getOrDefault("ratio_band_hits", 0L) / (double) rows,
        counters.getOrDefault("ratio_candidates", 0L) / (double) rows,
        counters.getOrDefault("ratio_compared", 0L) / (double) rows);
    byBand.forEach(
        (band, c) ->
            System.out.printf(
                "recall at ratio %s-%s: %d/%d = %.4f%n",
                band, Integer.parseInt(band) + 5, c[1], c[0], c[1] / (double) c[0]));
    recall.forEach((label, c) -> System.out.printf("  %-16s %d/%d%n", label, c[1], c[0]));
    System.out.printf(
        "oracle on %d fresh rows: %d contaminated by chance, %d of them caught; %d dropped"
            + " wrongly%n",
        sampled, accidental, accidentalCaught, wronglyDropped);
    long plantedDropped = planted.keySet().stream().filter(dropped::contains).count();
    // Precision over every dropped row: its ratio to the benchmark question it names.
    Map<String, String> questionOf = new java.util.HashMap<>();
    input.forEach(r -> questionOf.put(r.get("id").asText(), r.get("question").asText()));
    long falseDrops =
        droppedFor.entrySet().stream()
            .filter(
                e ->
                    IndelPattern.ratio(
                            Texts.normalize(questionOf.get(e.getKey())),
                            benchmark.get(e.getValue()))
                        < 75)
            .count();
    System.out.printf(
        "precision over all %d dropped rows (ratio to the benchmark question each names): %.4f%n",
        droppedFor.size(), 1 - falseDrops / (double) Math.max(1, droppedFor.size()));
    System.out.printf(
        "dropped %d rows: %d planted, the rest fresh rows; precision on the oracle sample %s%n",
        dropped.size(),
        plantedDropped,
        accidentalCaught + wronglyDropped == 0
            ? "n/a"
            : String.format(
                "%.4f", accidentalCaught / (double) (accidentalCaught + wronglyDropped)));
  }

  /**
   * Keeps in {@code max[0]} the largest heap in use after any collection until the returned actions
   * run: what the stage kept alive, garbage aside.
   */
  private static List<Runnable> listenToCollections(long[] max) {
    List<Runnable> unlisten = new ArrayList<>();
    for (java.lang.management.GarbageCollectorMXBean gc :
        ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!(gc instanceof javax.management.NotificationEmitter emitter)) {
        continue;
      }
      javax.management.NotificationListener listener =
          (notification, handback) -> {
            com.sun.management.GarbageCollectionNotificationInfo info =
                com.sun.management.GarbageCollectionNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) notification.getUserData());
            long used =
                info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                    .mapToLong(java.lang.management.MemoryUsage::getUsed)
                    .sum();
            synchronized (max) {
              max[0] = Math.max(max[0], used);
            }
          };
      emitter.addNotificationListener(listener, null, null);
      unlisten.add(
          () -> {
            try {
              emitter.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
              throw new IllegalStateException(e);
            }
          });
    }
    return unlisten;
  }
}
