package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.text.CommonShingles;
import dev.distillery.text.IndelPattern;
import dev.distillery.text.LshBands;
import dev.distillery.text.LshPairs;
import dev.distillery.text.MinHash;
import dev.distillery.text.NormalizedText;
import dev.distillery.text.TextHashIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * {@code dedup} on normalized question text ({@link Rows#normalize}), keeping the first occurrence.
 *
 * <ul>
 *   <li>{@code exact}: drops a row whose normalized text equals an earlier row's (compared by a
 *       128-bit hash, so the texts are not kept in memory).
 *   <li>{@code fuzzy}: drops a row whose normalized Indel similarity ({@code fuzz.ratio}) to an
 *       earlier kept row is at least {@code threshold}. Candidates come from MinHash-LSH over
 *       4-char shingles of the text with every run of digits as one {@code #} (so templated
 *       questions that differ only in their numbers are one text to LSH), leaving out the shingles
 *       common in the first {@value #COMMON_SHINGLE_SAMPLE} rows ({@link CommonShingles}); each is
 *       verified exactly on the text itself. A row is paired with at most {@link LshPairs#LEADERS}
 *       earlier rows of a band group; the rows beyond are counted ({@code
 *       dedup_rows_beyond_leaders}). Two passes over the input: the first computes signatures and
 *       the candidate pairs (band keys spill to disk beyond {@link
 *       LshPairs#DEFAULT_MEMORY_BUDGET}), the second keeps the texts of candidate rows only until
 *       their last later partner has passed (beyond {@link KeptRows#DEFAULT_MEMORY_BUDGET}, in a
 *       local file), verifies and writes.
 *   <li>{@code none}: passes every row through.
 * </ul>
 *
 * Every dropped row is written through {@link dev.distillery.store.RowSink#dropRow} with {@code
 * duplicate_of} (the kept row's id) and {@code similarity}.
 */
public final class DedupStage implements Stage {
  static final String KIND = "dedup";
  static final String REASON = "duplicate";

  /** Rows read before fuzzy dedup picks the shingles its MinHash leaves out. */
  static final int COMMON_SHINGLE_SAMPLE = 10_000;

  @Override
  public void run(StageContext context) throws Exception {
    DedupParams params = context.params(DedupParams.class);
    String method = params.method();
    switch (method) {
      case "exact" -> exact(context);
      case "fuzzy" -> fuzzy(context, params.threshold());
      case "none" -> none(context);
      default ->
          throw context.userError(
              KIND,
              "params.method is '"
                  + method
                  + "', which dedup does not know. Set it to exact, fuzzy or none.");
    }
  }

  private static void none(StageContext context) throws Exception {
    long[] seen = {0};
    context.forEachInputLine(
        line -> {
          context.out().write(line);
          report(context, ++seen[0]);
        });
  }

  private static void exact(StageContext context) throws Exception {
    TextHashIndex first = new TextHashIndex();
    NormalizedText text = new NormalizedText();
    long[] seen = {0};
    context.forEachInputLine(
        line -> {
          String[] idAndQuestion = line.texts(Rows.ID, Rows.QUESTION);
          String keptId = first.putIfAbsent(text.set(idAndQuestion[1]), idAndQuestion[0]);
          if (keptId == null) {
            context.out().write(line);
          } else {
            context.out().dropRow(line, REASON, detail(keptId, 100.0));
          }
          report(context, ++seen[0]);
        });
  }

  private static void fuzzy(StageContext context, double threshold) throws Exception {
    Input input = context.inputs().get(0);
    LshBands lsh = LshBands.forRatio(threshold);
    long[] pairs;
    try (LshPairs lshPairs = new LshPairs(lsh, LshPairs.DEFAULT_MEMORY_BUDGET, spillDirectory())) {
      List<String> sample = new ArrayList<>();
      MinHash[] minHash = {null};
      long[] scanned = {0};
      NormalizedText text = new NormalizedText();
      input.forEachLine(
          line -> {
            text.set(line.text(Rows.QUESTION));
            text.maskDigitRuns();
            if (minHash[0] == null) {
              sample.add(text.toString());
              if (sample.size() == COMMON_SHINGLE_SAMPLE) {
                minHash[0] = signSample(lsh, sample, lshPairs);
              }
            } else {
              lshPairs.add(minHash[0].signature(text));
            }
            if (++scanned[0] % 10_000 == 0) {
              context.progress().report(0, -1);
            }
          });
      if (minHash[0] == null) {
        signSample(lsh, sample, lshPairs);
      }
      pairs = lshPairs.pairs();
      context.out().count("dedup_rows_beyond_leaders", lshPairs.beyondLeaders());
    }
    BitSet earlier = new BitSet();
    for (long pair : pairs) {
      earlier.set((int) pair);
    }
    long[] expiry = lastPartners(pairs);
    context.out().count("dedup_candidate_pairs", pairs.length);

    int[] next = {0};
    int[] expired = {0};
    int[] index = {0};
    try (KeptRows kept = new KeptRows(KeptRows.DEFAULT_MEMORY_BUDGET, spillDirectory())) {
      context.forEachInputLine(
          line -> {
            int x = index[0]++;
            String text = null;
            KeptRow match = null;
            double similarity = 0;
            if (next[0] < pairs.length && (int) (pairs[next[0]] >>> 32) == x) {
              text = Rows.normalize(line.text(Rows.QUESTION));
              IndelPattern pattern = new IndelPattern(text);
              for (; next[0] < pairs.length && (int) (pairs[next[0]] >>> 32) == x; next[0]++) {
                KeptRow candidate = match == null ? kept.get((int) pairs[next[0]]) : null;
                if (candidate != null && pattern.atLeast(candidate.text(), threshold)) {
                  match = candidate;
                  similarity = pattern.ratio(candidate.text());
                }
              }
            }
            if (match != null) {
              context.out().dropRow(line, REASON, detail(match.id(), similarity));
            } else {
              context.out().write(line);
              if (earlier.get(x)) {
                String[] idAndQuestion = line.texts(Rows.ID, Rows.QUESTION);
                kept.put(
                    x,
                    new KeptRow(
                        idAndQuestion[0], text != null ? text : Rows.normalize(idAndQuestion[1])));
              }
            }
            for (; expired[0] < expiry.length && (int) (expiry[expired[0]] >>> 32) <= x; ) {
              kept.remove((int) expiry[expired[0]++]);
            }
            report(context, x + 1);
          });
    }
  }

  /**
   * Builds the MinHash that leaves out the shingles common in {@code sample} (the first rows) and
   * adds the sample's signatures to {@code lshPairs}.
   */
  private static MinHash signSample(LshBands lsh, List<String> sample, LshPairs lshPairs) {
    MinHash minHash = new MinHash(lsh.bins(), CommonShingles.of(sample, commonFraction(lsh)));
    for (String text : sample) {
      lshPairs.add(minHash.signature(text));
    }
    sample.clear();
    return minHash;
  }

  /**
   * The share of the first rows above which a shingle is left out of the MinHash: 5% for the bands
   * of thresholds from 85 ({@link LshBands#RATIO_90}); 20% below, where near-duplicates at ratio
   * 80-85 share mostly shingles that 5% would leave out (1 in 80 was missed, DedupRecallTest), at
   * the cost of more candidate pairs.
   */
  static double commonFraction(LshBands lsh) {
    return lsh.equals(LshBands.RATIO_90) ? CommonShingles.FRACTION : 0.2;
  }

  /**
   * For each earlier row of {@code pairs}, {@code (long) lastLater << 32 | earlier} in ascending
   * order: once row {@code lastLater} is done, no later row needs the earlier row's text.
   */
  private static long[] lastPartners(long[] pairs) {
    long[] byEarlier = new long[pairs.length];
    for (int i = 0; i < pairs.length; i++) {
      byEarlier[i] = (pairs[i] << 32) | (pairs[i] >>> 32);
    }
    Arrays.sort(byEarlier);
    int count = 0;
    for (int i = 0; i < byEarlier.length; i++) {
      if (i + 1 == byEarlier.length || byEarlier[i + 1] >>> 32 != byEarlier[i] >>> 32) {
        byEarlier[count++] = (byEarlier[i] << 32) | (byEarlier[i] >>> 32);
      }
    }
    long[] expiry = Arrays.copyOf(byEarlier, count);
    Arrays.sort(expiry);
    return expiry;
  }

  private static java.nio.file.Path spillDirectory() {
    return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static ObjectNode detail(String keptId, double similarity) {
    ObjectNode detail = Rows.JSON.createObjectNode();
    detail.put("duplicate_of", keptId);
    detail.put("similarity", Math.round(similarity * 100) / 100.0);
    return detail;
  }

  private static void report(StageContext context, long done) throws java.io.IOException {
    if (done % 10_000 == 0) {
      context.progress().report(done, -1);
    }
  }
}
