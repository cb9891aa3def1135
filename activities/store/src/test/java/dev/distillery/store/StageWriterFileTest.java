package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.plan.StageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extra files uploaded from local files rather than byte arrays. */
class StageWriterFileTest {
  private static final StageRef REF = new StageRef("export", "ef".repeat(32));
  private static final RunInfo RUN = new RunInfo("export", "wf-1", "run-1", "worker@host", "0.1.0");

  @TempDir Path dir;

  @Test
  void aLocalFileIsUploadedWithItsSha256AndSizeAndDeletedWithAnAbortedAttempt() throws Exception {
    FakeBlobStore blobs = new FakeBlobStore();
    ArtifactStore store = new ArtifactStore(blobs);
    byte[] content = new byte[3 << 20];
    new Random(5).nextBytes(content);
    Path file = Files.write(dir.resolve("train.parquet"), content);

    try (StageWriter aborted =
        store.begin(
            REF, 2, null, List.of(), RUN, Clock.systemUTC(), StageWriter.DEFAULT_ROWS_PER_PART)) {
      aborted.writeFile("train.parquet", file);
    }
    assertEquals(List.of(), blobs.list(REF.folder() + "/"), "an aborted attempt leaves nothing");

    Manifest m;
    try (StageWriter w =
        store.begin(
            REF, 2, null, List.of(), RUN, Clock.systemUTC(), StageWriter.DEFAULT_ROWS_PER_PART)) {
      w.write(JsonNodeFactory.instance.objectNode().put("id", "1"));
      w.writeFile("train.parquet", file);
      m = w.commit();
    }
    OutputFile listed = m.extraFile("train.parquet").orElseThrow();
    assertTrue(listed.name().matches("extra-[0-9a-f]{8}/train\\.parquet"), listed.name());
    assertEquals(content.length, listed.bytes());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
        listed.sha256());
    assertArrayEquals(content, blobs.get(REF.folder() + "/" + listed.name()).orElseThrow());
    assertEquals(List.of(), store.verify(m));
    assertTrue(Files.exists(file), "the caller keeps its file");
  }
}
