package dev.distillery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.store.BlobStore;
import dev.distillery.workflow.ExperimentResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The per-experiment records a sweep's workflows leave in the store, at {@code
 * sweeps/<sweep>/experiments/<experiment>.json} (the JSON of an {@link ExperimentResult}). They
 * outlive Temporal's history, so a sweep's outcome can be shown after an embedded server forgot it.
 */
final class SweepRecords {
  private static final ObjectMapper JSON =
      SweepClient.JSON.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final BlobStore blobs;

  SweepRecords(BlobStore blobs) {
    this.blobs = blobs;
  }

  /** The folder of a sweep's experiment records, ending in a slash. */
  static String prefix(String sweep) {
    return "sweeps/" + sweep + "/experiments/";
  }

  /** The key of one experiment's record. */
  static String key(String sweep, String experiment) {
    return prefix(sweep) + experiment + ".json";
  }

  /**
   * The records of a sweep's finished experiments, by experiment name, in key order. An experiment
   * without a record has not finished (or not started) in any run the store saw.
   *
   * @throws UserException when a record cannot be parsed, naming it
   */
  Map<String, ExperimentResult> read(String sweep) throws IOException, UserException {
    Map<String, ExperimentResult> records = new LinkedHashMap<>();
    for (String key : blobs.list(prefix(sweep))) {
      if (!key.endsWith(".json")) {
        continue;
      }
      Optional<byte[]> bytes = blobs.get(key);
      if (bytes.isEmpty()) {
        continue; // Deleted between list and get.
      }
      ExperimentResult result = parse(key, bytes.get(), sweep);
      records.put(result.experiment(), result);
    }
    return records;
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
