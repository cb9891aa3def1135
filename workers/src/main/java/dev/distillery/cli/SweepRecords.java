package dev.distillery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.plan.SweepStoreKeys;
import dev.distillery.store.BlobStore;
import dev.distillery.workflow.ExperimentResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The per-experiment records a sweep's workflows leave in the store, at {@code
 * sweeps/<sweep>/experiments/<experiment>.json} (the JSON of an {@link ExperimentResult}). They
 * outlive Temporal's history, so a sweep's outcome can be shown after an embedded server forgot it.
 */
final class SweepRecords {
  private static final ObjectMapper JSON =
      SweepClient.JSON.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final int PARALLEL_READS = 8;

  private final BlobStore blobs;

  SweepRecords(BlobStore blobs) {
    this.blobs = blobs;
  }

  /** The folder of a sweep's experiment records, ending in a slash. */
  static String prefix(String sweep) {
    return SweepStoreKeys.experiments(sweep);
  }

  /** The key of one experiment's record. */
  static String key(String sweep, String experiment) {
    return SweepStoreKeys.experiment(sweep, experiment);
  }

  /**
   * The records of a sweep's finished experiments, by experiment name, in key order. An experiment
   * without a record has not finished (or not started) in any run the store saw.
   *
   * @throws UserException when a record cannot be parsed, naming it
   */
  Map<String, ExperimentResult> read(String sweep) throws IOException, UserException {
    List<String> keys =
        blobs.list(prefix(sweep)).stream().filter(k -> k.endsWith(".json")).toList();
    // A sweep has thousands of small records: read them a few at a time.
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_READS);
    try {
      List<Future<Optional<byte[]>>> reads = new ArrayList<>();
      for (String key : keys) {
        reads.add(pool.submit(() -> blobs.get(key)));
      }
      Map<String, ExperimentResult> records = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        Optional<byte[]> bytes = get(reads.get(i));
        if (bytes.isPresent()) { // Else deleted between list and get.
          ExperimentResult result = parse(keys.get(i), bytes.get(), sweep);
          records.put(result.experiment(), result);
        }
      }
      return records;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Optional<byte[]> get(Future<Optional<byte[]>> read) throws IOException {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading experiment records");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private ExperimentResult parse(String key, byte[] bytes, String sweep) throws UserException {
    try {
      ExperimentResult result = JSON.readValue(bytes, ExperimentResult.class);
      if (result == null || result.experiment() == null) {
        throw new IOException("it names no experiment");
      }
      return result;
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new UserException(
          ExitCodes.FAILED,
          "the experiment record "
              + blobs.uri(key)
              + " cannot be read ("
              + why
              + "). The sweep's workflows write it when an experiment ends; delete it and run"
              + " `distill resume "
              + sweep
              + "` to write it again (finished stages are reused).");
    }
  }
}
