package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.stages.files.RecordFiles;
import dev.distillery.text.CommonShingles;
import dev.distillery.text.LongBloomFilter;
import dev.distillery.text.LongIntMultimap;
import dev.distillery.text.LshBands;
import dev.distillery.text.MinHash;
import dev.distillery.text.NormalizedText;
import dev.distillery.text.WordNgrams;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark questions indexed for decontamination: a hash set of their word n-grams (the n-gram
 * rule) and LSH band keys of their MinHash signatures (candidates for the ratio rule), so that a
 * question is compared exactly only with the few benchmark questions it may be close to. The
 * MinHash leaves out the shingles common among the benchmark questions ({@link CommonShingles}), so
 * the band keys (and a {@link LongBloomFilter} in front of the n-gram table) are built once every
 * file is loaded, on the first lookup.
 */
final class BenchmarkIndex {
  private final List<BenchmarkItem> items = new ArrayList<>();
  private final LongIntMultimap ngrams = new LongIntMultimap();
  private final int ngram;
  private final LshBands lsh;
  private LongIntMultimap bands;
  private LongBloomFilter ngramFilter;
  private LongBloomFilter bandFilter;
  private MinHash minHash;
  private byte[] signatureBytes;
  private int[] stamp;
  private int rows;

  /**
   * The estimated Jaccard similarity of shingle sets below which a pair sharing a band is not
   * compared exactly. Paraphrases at ratio 75 share 40% of their shingles or more; the pairs LSH
   * brings in by chance share 10-20%.
   */
  static final double MIN_JACCARD = 0.25;

  BenchmarkIndex(int ngram, LshBands lsh) {
    this.ngram = ngram;
    this.lsh = lsh;
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
            add(new BenchmarkItem(path, id, line, Rows.normalize(question)));
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

  private void add(BenchmarkItem item) {
    int index = items.size();
    items.add(item);
    for (long hash : WordNgrams.hashes(item.text(), ngram)) {
      if (!ngrams.containsKey(hash)) {
        ngrams.put(hash, index);
      }
    }
    bands = null;
    ngramFilter = null;
  }

  /**
   * Builds what needs every item: the n-gram filter (most lookups of a question's n-grams miss the
   * large n-gram table; the filter answers most of them from a table some 16 times smaller) and the
   * LSH band keys.
   */
  private void index() {
    ngramFilter = new LongBloomFilter(ngrams.size());
    for (BenchmarkItem item : items) {
      for (long hash : WordNgrams.hashes(item.text(), ngram)) {
        ngramFilter.add(hash);
      }
    }
    indexBands();
  }

  private void indexBands() {
    minHash =
        new MinHash(
            lsh.bins(),
            CommonShingles.of(() -> items.stream().map(BenchmarkItem::text).iterator()));
    bands = new LongIntMultimap();
    bandFilter = new LongBloomFilter((long) items.size() * lsh.bands());
    signatureBytes = new byte[items.size() * lsh.bins()];
    stamp = new int[items.size()];
    for (int index = 0; index < items.size(); index++) {
      int[] signature = minHash.signature(items.get(index).text());
      for (int k = 0; k < signature.length; k++) {
        signatureBytes[index * signature.length + k] = (byte) signature[k];
      }
      for (int b = 0; b < lsh.bands(); b++) {
        long key = lsh.key(signature, b);
        bands.put(key, index);
        bandFilter.add(key);
      }
    }
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
    for (long hash : WordNgrams.hashes(text, ngram)) {
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
   * Calls {@code candidate} once with each benchmark item that shares an LSH band with {@code text}
   * and whose signature agrees with the text's on enough bins for an estimated Jaccard similarity
   * of at least {@link #MIN_JACCARD} (the low 8 bits of each value are kept per item, 128 bytes, so
   * the estimate costs a byte compare per bin, against microseconds for the exact ratio).
   */
  void candidates(NormalizedText text, java.util.function.IntConsumer candidate) {
    if (bands == null) {
      index();
    }
    int[] signature = minHash.signature(text);
    int bins = signature.length;
    // Two 8-bit values agree by chance once in 256: b-bit MinHash (Li and Koenig 2010).
    int minAgree = (int) Math.ceil(bins * (MIN_JACCARD + (1 - MIN_JACCARD) / 256.0));
    rows++;
    for (int b = 0; b < lsh.bands(); b++) {
      long key = lsh.key(signature, b);
      if (!bandFilter.mightContain(key)) {
        continue;
      }
      for (int c = bands.head(key); c >= 0; c = bands.next(c)) {
        int item = bands.value(c);
        if (stamp[item] == rows) {
          continue;
        }
        stamp[item] = rows;
        int agree = 0;
        for (int k = 0, at = item * bins; k < bins; k++, at++) {
          agree += signatureBytes[at] == (byte) signature[k] ? 1 : 0;
        }
        if (agree >= minAgree) {
          candidate.accept(item);
        }
      }
    }
  }
}
