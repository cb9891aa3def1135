package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactStoreTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final StageRef REF = new StageRef("dedup", "ab".repeat(32));
  private static final StageRef INPUT = new StageRef("load", "cd".repeat(32));
  private static final RunInfo RUN = new RunInfo("dedup", "wf-1", "run-1", "worker@host", "0.1.0");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-02T10:15:30Z"), ZoneOffset.UTC);

  private final FakeBlobStore blobs = new FakeBlobStore();
  private final ArtifactStore store = new ArtifactStore(blobs);

  private StageWriter begin(int rowsPerPart) {
    ObjectNode params = JSON.objectNode().put("threshold", 0.9);
    return store.begin(REF, 2, params, List.of(INPUT), RUN, CLOCK, rowsPerPart);
  }

  private static ObjectNode row(int i) {
    return JSON.objectNode().put("id", i).put("text", "row " + i);
  }

  private Manifest writeRows(int rows, int rowsPerPart) throws IOException {
    try (StageWriter w = begin(rowsPerPart)) {
      for (int i = 0; i < rows; i++) {
        w.write(row(i));
      }
      return w.commit();
    }
  }

  private List<ObjectNode> readAll(Manifest m) throws IOException {
    List<ObjectNode> rows = new ArrayList<>();
    try (RowReader reader = store.open(m)) {
      for (ObjectNode r : reader) {
        rows.add(r);
      }
    }
    return rows;
  }

  @Test
  void roundTripAcrossSeveralParts() throws IOException {
    Manifest m = writeRows(25, 10);

    assertEquals(3, m.files().size());
    assertEquals(List.of(10L, 10L, 5L), m.files().stream().map(OutputFile::rows).toList());
    assertTrue(m.files().get(0).name().matches("part-00000-[0-9a-f]{8}\\.jsonl\\.zst"));
    assertTrue(m.files().get(2).name().startsWith("part-00002-"));
    List<ObjectNode> rows = readAll(m);
    assertEquals(25, rows.size());
    for (int i = 0; i < 25; i++) {
      assertEquals(row(i), rows.get(i));
    }
    assertEquals(List.of(), store.verify(m));
    assertEquals(4, blobs.list(REF.folder() + "/").size(), "three parts and the manifest");
  }

  @Test
  void manifestRecordsCountersAndProvenanceAndRoundTripsThroughJson() throws IOException {
    Manifest m;
    try (StageWriter w = begin(100)) {
      w.countIn(5);
      w.write(row(1));
      w.write(row(2));
      w.drop("duplicate");
      w.drop("duplicate");
      w.drop("too_long");
      w.count("requests", 3);
      w.count("requests", 2);
      w.count("tokens", 1200);
      m = w.commit();
    }

    assertEquals(new RowCounters(5, 2, Map.of("duplicate", 2L, "too_long", 1L)), m.counters());
    assertEquals(Map.of("requests", 5L, "tokens", 1200L), m.extra());
    assertEquals(1, m.formatVersion());
    assertEquals(REF.key(), m.key());
    assertEquals("dedup", m.kind());
    assertEquals(2, m.kindVersion());
    assertEquals(List.of(INPUT), m.inputs());
    assertEquals(0.9, m.params().get("threshold").asDouble());
    assertEquals(CLOCK.instant(), m.startedAt());
    assertEquals(CLOCK.instant(), m.finishedAt());
    assertEquals("wf-1", m.workflowId());
    assertEquals("worker@host", m.workerIdentity());

    Manifest stored = store.findManifest(REF).orElseThrow();
    assertEquals(m, stored);
    String json = new String(blobs.get("stages/dedup/" + REF.key() + "/manifest.json").get());
    assertTrue(json.contains("\"startedAt\" : \"2026-11-02T10:15:30Z\""), json);
    assertFalse(json.contains("folder"), json);
  }

  @Test
  void manifestAbsentUntilCommit() throws IOException {
    try (StageWriter w = begin(2)) {
      for (int i = 0; i < 5; i++) {
        w.write(row(i));
      }
      assertTrue(store.findManifest(REF).isEmpty());
      assertEquals(2, blobs.list(REF.folder() + "/").size(), "two full parts already uploaded");
      w.commit();
    }
    assertTrue(store.findManifest(REF).isPresent());
  }

  @Test
  void emptyStageCommitsWithNoFiles() throws IOException {
    Manifest m = writeRows(0, 10);
    assertEquals(List.of(), m.files());
    assertEquals(List.of(), readAll(m));
    assertEquals(List.of(), store.verify(m));
  }

  @Test
  void corruptPartIsDetectedByReadAndVerify() throws IOException {
    Manifest m = writeRows(25, 10);
    OutputFile second = m.files().get(1);
    String key = REF.folder() + "/" + second.name();
    byte[] bytes = blobs.get(key).orElseThrow();
    bytes[bytes.length / 2] ^= 0x5a;
    blobs.put(key, bytes);

    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> readAll(m));
    ChecksumMismatchException mismatch =
        assertThrows(ChecksumMismatchException.class, () -> rethrow(e));
    assertEquals("mem://fake/" + key, mismatch.uri());
    assertEquals(second.sha256(), mismatch.expected());
    assertNotEquals(second.sha256(), mismatch.actual());

    List<String> problems = store.verify(m);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(second.name()), problems.get(0));
    assertTrue(problems.get(0).contains(second.sha256()), problems.get(0));
  }

  @Test
  void validZstdWithDifferentBytesIsAChecksumMismatch() throws IOException {
    Manifest m = writeRows(3, 10);
    Manifest other;
    StageRef elsewhere = new StageRef("dedup", "ef".repeat(32));
    try (StageWriter w = store.begin(elsewhere, 2, null, List.of(), RUN, CLOCK)) {
      w.write(row(1));
      w.write(row(2));
      w.write(row(99));
      other = w.commit();
    }
    byte[] foreign = blobs.get(elsewhere.folder() + "/" + other.files().get(0).name()).get();
    blobs.put(REF.folder() + "/" + m.files().get(0).name(), foreign);

    try (RowReader reader = store.open(m)) {
      assertEquals(row(1), reader.next());
      assertEquals(row(2), reader.next());
      assertEquals(row(99), reader.next());
      assertThrows(ChecksumMismatchException.class, reader::next);
    }
    assertEquals(1, store.verify(m).size());
  }

  @Test
  void missingPartIsReported() throws IOException {
    Manifest m = writeRows(5, 10);
    blobs.delete(REF.folder() + "/" + m.files().get(0).name());
    List<String> problems = store.verify(m);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("missing: mem://fake/stages/dedup/"), problems.get(0));
  }

  @Test
  void loserOfCommitRaceReturnsWinnersManifestAndLeavesNoFiles() throws IOException {
    try (StageWriter first = begin(2);
        StageWriter second = begin(2)) {
      assertNotEquals(first.writeId(), second.writeId());
      for (int i = 0; i < 3; i++) {
        first.write(row(i));
        second.write(row(100 + i));
      }
      Manifest winner = first.commit();
      Manifest loser = second.commit();

      assertEquals(winner, loser);
      assertEquals(winner, store.findManifest(REF).orElseThrow());
      List<String> expected = new ArrayList<>();
      winner.files().forEach(f -> expected.add(REF.folder() + "/" + f.name()));
      expected.add(REF.folder() + "/manifest.json");
      expected.sort(null);
      assertEquals(expected, blobs.keys());
      assertEquals(List.of(row(0), row(1), row(2)), readAll(loser));
      assertEquals(winner, second.commit(), "commit is idempotent");
    }
  }

  @Test
  void commitWhoseConditionalPutResponseWasLostKeepsItsOwnFiles() throws IOException {
    blobs.loseNextConditionalResponse();
    Manifest m = writeRows(5, 2);
    assertEquals(m, store.findManifest(REF).orElseThrow());
    assertEquals(4, blobs.keys().size(), "three parts and the manifest");
    assertEquals(List.of(), store.verify(m));
  }

  @Test
  void closeWithoutCommitAbortsAndRemovesFiles() throws IOException {
    try (StageWriter w = begin(2)) {
      for (int i = 0; i < 5; i++) {
        w.write(row(i));
      }
      assertFalse(blobs.keys().isEmpty());
    }
    assertEquals(List.of(), blobs.keys());
    assertTrue(store.findManifest(REF).isEmpty());
  }

  @Test
  void writerRefusesUseAfterCommit() throws IOException {
    StageWriter w = begin(2);
    w.commit();
    assertThrows(IllegalStateException.class, () -> w.write(row(1)));
    w.close();
    assertTrue(store.findManifest(REF).isPresent(), "close after commit keeps the stage");
  }

  @Test
  void urisNameTheStageFolder() {
    assertEquals("mem://fake/stages/dedup/" + REF.key() + "/", store.uri(REF));
    assertEquals("mem://fake/stages/dedup/" + REF.key() + "/manifest.json", store.manifestUri(REF));
  }

  @Test
  void extraFilesAreListedInTheManifestVerifiedAndDeletedWithAnAbortedAttempt() throws IOException {
    byte[] info = "{\"d\": {}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (StageWriter aborted = begin(10)) {
      aborted.writeFile("dataset_info.json", info);
    }
    assertEquals(List.of(), blobs.list(REF.folder() + "/"), "an aborted attempt leaves nothing");

    Manifest m;
    try (StageWriter w = begin(10)) {
      w.write(row(0));
      w.writeFile("dataset_info.json", "stale".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      w.writeFile("dataset_info.json", info);
      m = w.commit();
    }
    OutputFile file = m.extraFile("dataset_info.json").orElseThrow();
    assertEquals(1, m.extraFiles().size(), "a rewritten name is listed once");
    assertTrue(file.name().matches("extra-[0-9a-f]{8}/dataset_info\\.json"), file.name());
    assertEquals(info.length, file.bytes());
    assertArrayEquals(info, blobs.get(REF.folder() + "/" + file.name()).orElseThrow());
    assertEquals(m, Manifest.fromJson(m.toJson()));
    assertEquals(List.of(), store.verify(m));
    assertEquals(List.of(row(0)), readAll(m), "extra files are not read as rows");

    blobs.put(REF.folder() + "/" + file.name(), "tampered".getBytes());
    assertEquals(1, store.verify(m).size());
    blobs.delete(REF.folder() + "/" + file.name());
    assertTrue(store.verify(m).get(0).startsWith("missing: "), store.verify(m).toString());
  }

  @Test
  void aManifestWrittenBeforeExtraFilesReadsWithNone() throws IOException {
    Manifest m = writeRows(3, 10);
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode) StoreJson.MAPPER.readTree(m.toJson());
    json.remove("extraFiles");

    Manifest old = Manifest.fromJson(StoreJson.MAPPER.writeValueAsBytes(json));

    assertEquals(List.of(), old.extraFiles());
    assertEquals(m, old);
  }

  private static void rethrow(UncheckedIOException e) throws IOException {
    throw e.getCause();
  }
}
