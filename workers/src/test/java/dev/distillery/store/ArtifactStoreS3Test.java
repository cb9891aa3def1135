package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The artifact store end to end over the AWS SDK against S3Proxy on disk, across a restart. */
class ArtifactStoreS3Test {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final StageRef REF = new StageRef("generate", "0123456789abcdef".repeat(4));
  private static final RunInfo RUN = new RunInfo("gen", "wf-7", "run-7", "w1@host", "0.1.0");
  private static final String BUCKET = "distillery";

  @TempDir Path dataDir;

  private static ObjectNode row(int i) {
    return JSON.objectNode().put("id", i).put("answer", "reasoning trace " + i);
  }

  private static List<ObjectNode> readAll(ArtifactStore store, Manifest m) throws IOException {
    List<ObjectNode> rows = new ArrayList<>();
    try (RowReader reader = store.open(m)) {
      for (ObjectNode r = reader.next(); r != null; r = reader.next()) {
        rows.add(r);
      }
    }
    return rows;
  }

  @Test
  void writeCommitReadVerifyAndSurviveRestart() throws IOException {
    Manifest written;
    try (EmbeddedS3 server = EmbeddedS3.startOnDisk(dataDir);
        S3Client s3 = S3Clients.create(server.endpoint(), server.region(), server.credentials())) {
      S3Clients.ensureBucket(s3, BUCKET);
      ArtifactStore store = new ArtifactStore(new S3BlobStore(s3, BUCKET, "dev/"));
      assertTrue(store.findManifest(REF).isEmpty());

      try (StageWriter w =
          store.begin(
              REF, 1, JSON.objectNode().put("n", 50), List.of(), RUN, Clock.systemUTC(), 20)) {
        w.countIn(52);
        for (int i = 0; i < 50; i++) {
          w.write(row(i));
        }
        w.drop("refused");
        w.drop("empty");
        w.count("requests", 52);
        written = w.commit();
      }

      assertEquals(3, written.files().size());
      assertEquals(50, written.counters().rowsOut());
      assertEquals(
          "s3://distillery/dev/stages/generate/" + REF.key() + "/manifest.json",
          store.manifestUri(REF));
      assertEquals(written, store.findManifest(REF).orElseThrow());
      assertEquals(50, readAll(store, written).size());
      assertEquals(List.of(), store.verify(written));

      try (StageWriter late = store.begin(REF, 1, null, List.of(), RUN, Clock.systemUTC(), 20)) {
        late.write(row(999));
        assertEquals(written, late.commit(), "a late attempt gets the committed manifest");
      }
      assertEquals(4, store.blobs().list(REF.folder() + "/").size(), "three parts and manifest");
    }

    Path onDisk = dataDir.resolve(BUCKET).resolve("dev/stages/generate").resolve(REF.key());
    assertTrue(Files.exists(onDisk.resolve("manifest.json")), "objects are plain files");

    try (EmbeddedS3 server = EmbeddedS3.startOnDisk(dataDir);
        S3Client s3 = S3Clients.create(server.endpoint(), server.region(), server.credentials())) {
      S3Clients.ensureBucket(s3, BUCKET);
      ArtifactStore store = new ArtifactStore(new S3BlobStore(s3, BUCKET, "dev"));
      Manifest reread = store.findManifest(REF).orElseThrow();
      assertEquals(written, reread);
      List<ObjectNode> rows = readAll(store, reread);
      assertEquals(50, rows.size());
      assertEquals(row(0), rows.get(0));
      assertEquals(row(49), rows.get(49));
      assertEquals(List.of(), store.verify(reread));

      Path part = onDisk.resolve(reread.files().get(1).name());
      byte[] bytes = Files.readAllBytes(part);
      bytes[bytes.length - 1] ^= 1;
      Files.write(part, bytes);
      List<String> problems = store.verify(reread);
      assertEquals(1, problems.size(), problems.toString());
      assertTrue(problems.get(0).contains("s3://distillery/dev/stages/"), problems.get(0));
      assertFalse(problems.get(0).contains(reread.files().get(0).name()), problems.get(0));
    }
  }

  @Test
  void concurrentAttemptsAgreeOnOneManifestAndLeaveOnlyItsFiles() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (EmbeddedS3 server = EmbeddedS3.startOnDisk(dataDir);
        S3Client s3 = S3Clients.create(server.endpoint(), server.region(), server.credentials())) {
      S3Clients.ensureBucket(s3, BUCKET);
      ArtifactStore store = new ArtifactStore(new S3BlobStore(s3, BUCKET, ""));
      for (int k = 0; k < 3; k++) {
        StageRef ref = new StageRef("judge", String.format("%064x", k));
        List<Future<Manifest>> attempts = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          int attempt = t;
          attempts.add(
              pool.submit(
                  () -> {
                    try (StageWriter w =
                        store.begin(ref, 1, null, List.of(), RUN, Clock.systemUTC(), 10)) {
                      for (int i = 0; i < 25; i++) {
                        w.write(row(attempt * 1000 + i));
                      }
                      return w.commit();
                    }
                  }));
        }
        Manifest winner = null;
        for (Future<Manifest> f : attempts) {
          Manifest m = f.get();
          winner = winner == null ? m : winner;
          assertEquals(winner, m, "every attempt returns the committed manifest");
        }
        assertEquals(winner, store.findManifest(ref).orElseThrow());
        List<String> expected = new ArrayList<>();
        for (OutputFile f : winner.files()) {
          expected.add(ref.folder() + "/" + f.name());
        }
        expected.add(ref.folder() + "/manifest.json");
        expected.sort(null);
        assertEquals(expected, store.blobs().list(ref.folder() + "/"));
        assertEquals(List.of(), store.verify(winner));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
