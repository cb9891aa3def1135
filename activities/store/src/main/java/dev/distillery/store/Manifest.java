package dev.distillery.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The record of a finished stage, stored as {@code stages/<kind>/<key>/manifest.json}. It is
 * written last and only once, so a stage is complete exactly when its manifest exists. The JSON
 * uses the camelCase component names below; instants are ISO-8601 strings.
 *
 * @param formatVersion version of this JSON layout, {@link #FORMAT_VERSION}
 * @param key the stage's content address
 * @param kind the stage kind name
 * @param kindVersion the kind's version, part of the key
 * @param stageId the stage id in the recipe that produced it
 * @param params the stage params the key was computed from
 * @param inputs the artifacts the stage read, in recipe order
 * @param files the data files, in reading order
 * @param droppedFiles files of dropped rows, each with a {@code dropped_by} record (see {@link
 *     RowSink#dropRow}), named {@code dropped/part-...}; not part of the stage's output rows
 * @param counters row accounting
 * @param extra other counters, for example requests, retries and tokens (sorted by name)
 * @param startedAt when the writer began
 * @param finishedAt when the writer committed
 * @param distilleryVersion the Distillery version that wrote it
 * @param workflowId the Temporal workflow id that wrote it
 * @param runId the Temporal run id that wrote it
 * @param workerIdentity the Temporal worker that wrote it
 * @param extraFiles named files beside the rows (see {@link FileSink}), not read as rows; their
 *     {@code rows} is 0. Empty in manifests written before they existed.
 */
public record Manifest(
    int formatVersion,
    String key,
    String kind,
    int kindVersion,
    String stageId,
    JsonNode params,
    List<StageRef> inputs,
    List<OutputFile> files,
    List<OutputFile> droppedFiles,
    RowCounters counters,
    Map<String, Long> extra,
    Instant startedAt,
    Instant finishedAt,
    String distilleryVersion,
    String workflowId,
    String runId,
    String workerIdentity,
    List<OutputFile> extraFiles) {

  /** The manifest layout this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public Manifest {
    params = params == null ? JsonNodeFactory.instance.objectNode() : params.deepCopy();
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    files = files == null ? List.of() : List.copyOf(files);
    droppedFiles = droppedFiles == null ? List.of() : List.copyOf(droppedFiles);
    counters = counters == null ? new RowCounters(0, 0, Map.of()) : counters;
    extra = Collections.unmodifiableMap(new TreeMap<>(extra == null ? Map.of() : extra));
    extraFiles = extraFiles == null ? List.of() : List.copyOf(extraFiles);
  }

  /** The extra file called {@code name}, if the stage wrote one. */
  public Optional<OutputFile> extraFile(String name) {
    return extraFiles.stream()
        .filter(f -> f.name().equals(name) || f.name().endsWith("/" + name))
        .findFirst();
  }

  @Override
  public JsonNode params() {
    return params.deepCopy();
  }

  /** A manifest in the current format for a stage run described by {@code run}. */
  static Manifest of(
      StageRef ref,
      int kindVersion,
      JsonNode params,
      List<StageRef> inputs,
      List<OutputFile> files,
      List<OutputFile> droppedFiles,
      RowCounters counters,
      Map<String, Long> extra,
      Instant startedAt,
      Instant finishedAt,
      RunInfo run,
      List<OutputFile> extraFiles) {
    return new Manifest(
        FORMAT_VERSION,
        ref.key(),
        ref.kind(),
        kindVersion,
        run.stageId(),
        params,
        inputs,
        files,
        droppedFiles,
        counters,
        extra,
        startedAt,
        finishedAt,
        run.distilleryVersion(),
        run.workflowId(),
        run.runId(),
        run.workerIdentity(),
        extraFiles);
  }

  /** This manifest with {@code files} as its {@link #extraFiles()}. */
  public Manifest withExtraFiles(List<OutputFile> files) {
    return new Manifest(
        formatVersion,
        key,
        kind,
        kindVersion,
        stageId,
        params,
        inputs,
        this.files,
        droppedFiles,
        counters,
        extra,
        startedAt,
        finishedAt,
        distilleryVersion,
        workflowId,
        runId,
        workerIdentity,
        files);
  }

  /** The stage this manifest describes. */
  public StageRef ref() {
    return new StageRef(kind, key);
  }

  /** Serialises to pretty-printed UTF-8 JSON, the stored form. */
  public byte[] toJson() {
    try {
      return StoreJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise manifest of " + kind + "/" + key, e);
    }
  }

  /**
   * Parses the stored form.
   *
   * @throws IOException when the JSON is malformed or lacks the stage's key or kind
   * @throws PermanentStorageException when it was written by a newer manifest format
   */
  public static Manifest fromJson(byte[] json) throws IOException {
    Manifest m = StoreJson.MAPPER.readValue(json, Manifest.class);
    if (m == null || m.key() == null || m.kind() == null) {
      throw new IOException("not a manifest: no key or kind");
    }
    if (m.formatVersion() > FORMAT_VERSION) {
      throw new PermanentStorageException(
          PermanentStorageException.UNREADABLE,
          "manifest of "
              + m.kind()
              + "/"
              + m.key()
              + " has format version "
              + m.formatVersion()
              + " but this Distillery reads up to "
              + FORMAT_VERSION
              + "; upgrade Distillery",
          null);
    }
    return m;
  }
}
