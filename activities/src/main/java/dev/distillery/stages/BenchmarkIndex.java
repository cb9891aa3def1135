package dev.distillery.stages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdInputStream;
import dev.distillery.text.CommonShingles;
import dev.distillery.text.LongBloomFilter;
import dev.distillery.text.LongIntMultimap;
import dev.distillery.text.LshBands;
import dev.distillery.text.MinHash;
import dev.distillery.text.WordNgrams;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

  BenchmarkIndex(int ngram, LshBands lsh) {
    this.ngram = ngram;
    this.lsh = lsh;
  }

  /**
   * Reads every question of the JSONL (or JSONL.zst) file {@code path} through {@code files}.
   *
   * @throws StageUserException when the file is missing, holds a line that is not a JSON object, or
   *     holds no question
   */
  void load(StageContext context, String kind, String path) throws Exception {
    InputStream raw;
    try {
      raw = context.services().files().open(path);
    } catch (FileNotFoundException e) {
      throw context.userError(
          kind,
          "cannot read benchmark file '"
              + path
              + "' of params.benchmarks: no such file. Fix the path in the recipe (relative paths"
              + " are resolved against the worker's working directory) or remove it from the"
              + " list.");
    }
    int before = items.size();
    try (InputStream in = path.endsWith(".zst") ? new ZstdInputStream(raw) : raw;
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      long lineNo = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = Rows.JSON.readTree(line);
        } catch (JsonProcessingException e) {
          node = null;
        }
        if (node == null || !node.isObject()) {
          throw context.userError(
              kind,
              "benchmark file '"
                  + path
                  + "' of params.benchmarks has a line that is not a JSON object (line "
                  + lineNo
                  + "). Give a JSONL file with one object per line and a question field.");
        }
        String question = Rows.text(node, Rows.QUESTION);
        if (!question.isBlank()) {
          String id = node.hasNonNull(Rows.ID) ? node.get(Rows.ID).asText() : null;
          add(new BenchmarkItem(path, id, lineNo, Rows.normalize(question)));
        }
      }
    } catch (IOException e) {
      throw new IOException("cannot read benchmark file " + path + ": " + e.getMessage(), e);
    }
    if (items.size() == before) {
      throw context.userError(
          kind,
          "benchmark file '"
              + path
              + "' of params.benchmarks holds no question: decontaminating against it would check"
              + " nothing. Give a JSONL file whose objects have a non-empty question field.");
    }
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
    for (int index = 0; index < items.size(); index++) {
      int[] signature = minHash.signature(items.get(index).text());
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
  int sharedNgram(String text) {
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

  /** Calls {@code candidate} with each benchmark item sharing an LSH band with {@code text}. */
  void candidates(String text, java.util.function.IntConsumer candidate) {
    if (bands == null) {
      index();
    }
    int[] signature = minHash.signature(text);
    for (int b = 0; b < lsh.bands(); b++) {
      long key = lsh.key(signature, b);
      if (!bandFilter.mightContain(key)) {
        continue;
      }
      for (int c = bands.head(key); c >= 0; c = bands.next(c)) {
        candidate.accept(bands.value(c));
      }
    }
  }
}
