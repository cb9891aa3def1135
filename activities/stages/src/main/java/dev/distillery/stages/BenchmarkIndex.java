package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.stages.files.RecordFiles;
import dev.distillery.text.BandTable;
import dev.distillery.text.BitSketches;
import dev.distillery.text.LengthOrder;
import dev.distillery.text.LongBloomFilter;
import dev.distillery.text.LongIntMultimap;
import dev.distillery.text.LshBands;
import dev.distillery.text.MinHash;
import dev.distillery.text.Ngrams;
import dev.distillery.text.NormalizedText;
import dev.distillery.text.RatioBounds;
import dev.distillery.text.TextNormalization;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark questions indexed for decontamination: a hash set of their word n-grams (the n-gram
 * rule) and LSH band keys of their MinHash signatures over every 4-char shingle (candidates for the
 * ratio rule), so that a question is compared exactly only with the few benchmark questions it may
 * be close to. The band keys (and a {@link LongBloomFilter} in front of the n-gram table) are built
 * once every file is loaded, on the first lookup.
 *
 * <p>The ratio rule is designed for a shingle Jaccard similarity ({@link #designJaccard}) below
 * which no paraphrase at the threshold was seen, with margin: such a pair shares {@link
 * #MIN_SHARED_BANDS} band keys with probability 0.997 or more ({@link LshBands#forJaccard}), and
 * the 8-bit signature test ({@link BitSketches}) passes it with probability 0.9995 or more. No
 * shingle is left out: paraphrases share mostly the common ones (leaving out those frequent among
 * 1,000 or more benchmark questions made ratio-76 paraphrases all but invisible).
 */
final class BenchmarkIndex {
  private final List<BenchmarkItem> items = new ArrayList<>();
  private final LongIntMultimap ngrams = new LongIntMultimap();
  private final int ngram;
  private final Ngrams unit;
  private final TextNormalization normalization;
  private final LshBands lsh;
  private final double designJaccard;
  private final double threshold;
  private BandTable[] bands;
  private RatioBounds bounds;
  private LongBloomFilter ngramFilter;
  private MinHash minHash;

  /** The low bits of each item's signature values, for the signature tests. */
  private BitSketches sketches;

  private long bandHits;

  /** LSH numbers items by their rank in this order, so the items a length allows are a range. */
  private LengthOrder byLength;

  /** Per item, the LSH bands it shares with the current question (see {@link #candidates}). */
  private int[] counts;

  private int round;
  private int[] bandKeys;
  private int[] bandStarts;
  private int[] bandEnds;

  /** Items that reached {@link #MIN_SHARED_BANDS}; room for all, as each entry writes one. */
  private int[] hits;

  /**
   * Band keys a benchmark item must share with a question to be looked at: one shared band is what
   * most unrelated pairs, sharing common shingles, manage by chance; two are rare for them, and the
   * bands are as many as it takes to keep a pair at {@link #designJaccard} a candidate.
   */
  static final int MIN_SHARED_BANDS = 2;

  /**
   * The Jaccard similarity of 4-char shingle sets the ratio rule at {@code threshold} is designed
   * for: 0.28 at 75, 0.45 at 90, rising 0.0113 a point between (0.39 at 85, 0.51 at 95), at least
   * 0.05. Measured on paraphrases of every kind (DecontaminationRecallTest, the benchmark in
   * BENCHMARKS.md): at ratio 75-80 they share 0.31 of their shingles or more, at 90-95 0.53.
   */
  static double designJaccard(double threshold) {
    return Math.max(0.05, Math.min(0.7, 0.28 + (threshold - 75) * 0.17 / 15));
  }

  BenchmarkIndex(int ngram, Ngrams unit, TextNormalization normalization, double threshold) {
    this.ngram = ngram;
    this.unit = unit;
    this.normalization = normalization;
    this.threshold = threshold;
    this.designJaccard = designJaccard(threshold);
    this.lsh =
        LshBands.forJaccard(designJaccard, designJaccard < 0.45 ? 2 : 3, MIN_SHARED_BANDS, 0.003);
  }

  /**
   * Reads every question of the benchmark file {@code path}: JSONL, CSV or Parquet, optionally
   * zstd-compressed, local, {@code s3://}, {@code http(s)://} or {@code hf://datasets/...} (see
   * {@link RecordFiles}). A record's question is the first non-empty one of {@code questionFields}
   * (field names, or JSON pointers starting with {@code /}); its id is {@code idField}, if present.
   *
   * @throws StageUserException when the file is missing or unreadable, holds a line that is not a
   *     JSON object, or holds no question under any of the fields
   */
  void load(
      StageContext context, String kind, String path, List<String> questionFields, String idField)
      throws Exception {
    int before = items.size();
    JsonNode[] first = {null};
    RecordFiles.readObjects(
        context,
        new RecordFiles.Origin(kind, "params.benchmarks"),
        path,
        (record, line) -> {
          first[0] = first[0] == null ? record : first[0];
          String question = field(record, questionFields);
          if (question != null) {
            String id = field(record, List.of(idField));
            add(new BenchmarkItem(path, id, line, normalization.apply(question)));
          }
        });
    if (items.size() == before) {
      throw context.userError(
          kind,
          "benchmark file '"
              + path
              + "' of params.benchmarks holds no question under "
              + String.join(", ", questionFields)
              + (first[0] == null
                  ? " (it is empty)"
                  : " (its first record has: " + names(first[0]) + ")")
              + ": decontaminating against it would check nothing. Name its question field in"
              + " params.question_fields.");
    }
  }

  private static String field(JsonNode record, List<String> names) {
    for (String name : names) {
      JsonNode value = name.startsWith("/") ? record.at(name) : record.get(name);
      if (value != null && !value.isNull() && !value.isMissingNode()) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        if (!text.isBlank()) {
          return text;
        }
      }
    }
    return null;
  }

  private static String names(JsonNode record) {
    List<String> names = new ArrayList<>();
    record.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  /** Adds one question (the files' questions come through {@link #load}). */
  void add(BenchmarkItem item) {
    int index = items.size();
    items.add(item);
    for (long hash : unit.hashes(item.text(), ngram)) {
      if (!ngrams.containsKey(hash)) {
        ngrams.put(hash, index);
      }
    }
    bands = null;
    ngramFilter = null;
    bounds = null;
  }

  /**
   * Builds what needs every item: the n-gram filter (most lookups of a question's n-grams miss the
   * large n-gram table; the filter answers most of them from a table some 16 times smaller) and the
   * LSH band keys.
   */
  private void index() {
    ngramFilter = new LongBloomFilter(ngrams.size());
    for (BenchmarkItem item : items) {
      for (long hash : unit.hashes(item.text(), ngram)) {
        ngramFilter.add(hash);
      }
    }
    indexBands();
  }

  private void indexBands() {
    minHash = new MinHash(lsh.bins());
    sketches = new BitSketches(lsh.bins(), items.size());
    bandKeys = new int[lsh.bands()];
    bandStarts = new int[lsh.bands()];
    bandEnds = new int[lsh.bands()];
    counts = new int[items.size()];
    hits = new int[items.size() + 1];
    int n = items.size();
    List<String> texts = new ArrayList<>(n);
    items.forEach(item -> texts.add(item.text()));
    byLength = new LengthOrder(texts);
    int[][] keys = new int[lsh.bands()][n];
    for (int rank = 0; rank < n; rank++) {
      int[] signature = minHash.signature(texts.get(byLength.text(rank)));
      sketches.set(rank, signature);
      for (int b = 0; b < lsh.bands(); b++) {
        keys[b][rank] = (int) lsh.key(signature, b);
      }
    }
    bands = new BandTable[lsh.bands()];
    for (int b = 0; b < lsh.bands(); b++) {
      bands[b] = new BandTable(keys[b]);
      keys[b] = null;
    }
  }

  /**
   * Benchmark items that shared {@link #MIN_SHARED_BANDS} bands with a question (whose signatures
   * were compared), over all questions so far.
   */
  /** The LSH bands the ratio rule's candidates come from. */
  LshBands lsh() {
    return lsh;
  }

  long bandHits() {
    return bandHits;
  }

  int size() {
    return items.size();
  }

  BenchmarkItem item(int index) {
    return items.get(index);
  }

  /** The benchmark item sharing a word n-gram with {@code text}, or -1. */
  int sharedNgram(NormalizedText text) {
    if (ngramFilter == null) {
      index();
    }
    for (long hash : unit.hashes(text, ngram)) {
      if (!ngramFilter.mightContain(hash)) {
        continue;
      }
      int item = ngrams.first(hash, -1);
      if (item >= 0) {
        return item;
      }
    }
    return -1;
  }

  /**
   * Calls {@code candidate} with every benchmark item whose length and char counts leave it able to
   * reach the threshold ({@link RatioBounds}): with exact verification, the ratio rule to the
   * letter, at the cost of looking at every item of a compatible length.
   */
  void everyPossible(NormalizedText text, java.util.function.IntConsumer candidate) {
    if (bounds == null) {
      List<String> texts = new ArrayList<>(items.size());
      items.forEach(item -> texts.add(item.text()));
      bounds = new RatioBounds(texts, threshold);
    }
    bounds.forEachPossible(text.toString(), candidate);
  }

  /**
   * Calls {@code candidate} once with each benchmark item that shares {@link #MIN_SHARED_BANDS} LSH
   * bands with {@code text} and whose signature agrees with the text's on enough bins ({@link
   * BitSketches#minAgree} at {@link #designJaccard}). The work is done in three passes (band
   * lookups, shared-band counts, signature tests), each a loop of independent memory reads with no
   * branch on what they read, which the processor overlaps, where one loop doing all three waits on
   * each cache miss in turn (and each mispredicted branch stops the reads after it).
   */
  void candidates(NormalizedText text, java.util.function.IntConsumer candidate) {
    if (bands == null) {
      index();
    }
    int[] signature = minHash.signature(text);
    sketches.setQuery(signature);
    int minAgree = BitSketches.minAgree(sketches.bins(), designJaccard);
    int lowest = byLength.from(text.length(), threshold);
    int highest = byLength.to(text.length(), threshold) - 1;
    int bandCount = lsh.bands();
    for (int b = 0; b < bandCount; b++) {
      int key = (int) lsh.key(signature, b);
      bandKeys[b] = key;
      bandStarts[b] = bands[b].bucketStart(key);
      bandEnds[b] = bands[b].bucketEnd(key);
    }
    // counts[item]: the round in its top 23 bits, the bands shared this round (up to 400) below.
    if (++round == 1 << 22) {
      java.util.Arrays.fill(counts, 0);
      round = 1;
    }
    int mark = round << 9;
    int hitCount = 0;
    for (int b = 0; b < bandCount; b++) {
      BandTable band = bands[b];
      int key = bandKeys[b];
      for (int e = bandStarts[b], end = bandEnds[b]; e < end; e++) {
        long entry = band.entry(e);
        int item = BandTable.item(entry);
        int inRange = (((item - lowest) | (highest - item)) >>> 31) ^ 1;
        int counted = inRange & (BandTable.key(entry) == key ? 1 : 0);
        int count = counts[item];
        count = ((count ^ mark) >>> 9) == 0 ? count + counted : mark + counted;
        counts[item] = count;
        hits[hitCount] = item;
        hitCount += (count & 0x1FF) == MIN_SHARED_BANDS ? counted : 0;
      }
    }
    bandHits += hitCount;
    for (int h = 0; h < hitCount; h++) {
      int item = hits[h];
      if (sketches.agree(item) >= minAgree) {
        candidate.accept(byLength.text(item));
      }
    }
  }
}
