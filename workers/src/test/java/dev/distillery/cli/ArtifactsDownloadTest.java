package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.plan.StageRef;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.OutputFile;
import dev.distillery.store.RunInfo;
import dev.distillery.store.S3BlobStore;
import dev.distillery.store.S3Clients;
import dev.distillery.store.StageWriter;
import dev.distillery.worker.Stack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code distill artifacts download} writes only into the folder named by {@code --to}, whatever
 * the stage's {@code dataset_name} says (recipes check it now; stages exported before that, or
 * manifests written by hand, may hold anything).
 */
class ArtifactsDownloadTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String KEY = "ab".repeat(32);

  @TempDir Path home;

  private EmbeddedS3 s3;
  private CliHarness cli;

  /** One in-memory S3 for the test, named by the settings as a user's store would be. */
  @BeforeEach
  void startStore() throws Exception {
    s3 = EmbeddedS3.startInMemory();
    cli = new CliHarness(home);
    cli.env.put("DISTILL_STORE", "s3://" + Stack.EMBEDDED_BUCKET + "/");
    cli.env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
    cli.env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
    cli.env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
    cli.env.put("AWS_REGION", s3.region());
  }

  @AfterEach
  void stopStore() throws Exception {
    s3.close();
  }

  /** An export stage in the store whose manifest has this dataset_name. */
  private void storeAnExport(String datasetName) throws Exception {
    try (S3Client client = S3Clients.create(s3.endpoint(), s3.region(), s3.credentials())) {
      S3Clients.ensureBucket(client, Stack.EMBEDDED_BUCKET);
      ArtifactStore store = new ArtifactStore(new S3BlobStore(client, Stack.EMBEDDED_BUCKET, ""));
      ObjectNode params = F.objectNode().put("format", "sharegpt").put("dataset_name", datasetName);
      try (StageWriter w =
          store.begin(
              new StageRef("export", KEY),
              3,
              params,
              List.of(),
              new RunInfo("export", "stage/export/x", "run", "test", "test"),
              Clock.systemUTC())) {
        w.write(F.objectNode().put("id", "q1"));
        w.writeFile("dataset_info.json", "{}".getBytes(StandardCharsets.UTF_8));
        w.commit();
      }
    }
  }

  @Test
  void aDatasetNameThatLeavesTheFolderWritesNothingAnywhere() throws Exception {
    storeAnExport("../../escaped");
    Path to = home.resolve("a/b/data");
    Path outside = home.resolve("a/escaped.jsonl");
    Files.createDirectories(outside.getParent());
    Files.writeString(outside, "someone else's rows\n");

    assertEquals(
        ExitCodes.INVALID_INPUT,
        cli.run("artifacts", "download", "export/" + KEY.substring(0, 8), "--to", to.toString()),
        cli.out + cli.err);
    assertEquals("someone else's rows\n", Files.readString(outside), "not overwritten");
    assertFalse(Files.exists(to.resolve("dataset_info.json")), "nothing half-downloaded");
    assertTrue(cli.err.contains("dataset_name '../../escaped'"), cli.err);
    assertTrue(cli.err.contains("--name NAME"), cli.err);
    assertFalse(cli.err.contains("\tat ") || cli.err.contains("bug"), cli.err);

    assertEquals(
        ExitCodes.INVALID_INPUT,
        cli.run("artifacts", "download", KEY, "--to", to.toString(), "--name", "/tmp/x"));
    assertTrue(cli.err.contains("--name '/tmp/x' is not a file name"), cli.err);

    assertEquals(
        ExitCodes.OK,
        cli.run("artifacts", "download", KEY, "--to", to.toString(), "--name", "rescued"),
        cli.err);
    assertEquals(1, Files.readAllLines(to.resolve("rescued.jsonl")).size());
    assertTrue(Files.exists(to.resolve("dataset_info.json")));
  }

  @Test
  void anAbsoluteDatasetNameIsRefusedToo() throws Exception {
    Path target = home.resolve("victim");
    storeAnExport(target.toString());

    assertEquals(
        ExitCodes.INVALID_INPUT,
        cli.run("artifacts", "download", KEY, "--to", home.resolve("data").toString()));
    assertFalse(Files.exists(Path.of(target + ".jsonl")), "written outside --to");
  }

  /** Defence in depth: a manifest listing a file that normalizes to outside --to is refused. */
  @Test
  void anExtraFileThatClimbsOutOfTheFolderIsRefused() throws Exception {
    storeAnExport("fine");
    try (S3Client client = S3Clients.create(s3.endpoint(), s3.region(), s3.credentials())) {
      ArtifactStore store = new ArtifactStore(new S3BlobStore(client, Stack.EMBEDDED_BUCKET, ""));
      Manifest m = store.findManifest(new StageRef("export", KEY)).orElseThrow();
      List<OutputFile> extra = List.of(new OutputFile("files/..", "00", 2, 0));
      store.blobs().delete(m.ref().folder() + "/manifest.json");
      store.putManifest(
          new Manifest(
              m.formatVersion(),
              m.key(),
              m.kind(),
              m.kindVersion(),
              m.stageId(),
              m.params(),
              m.inputs(),
              m.files(),
              m.droppedFiles(),
              m.counters(),
              m.extra(),
              m.startedAt(),
              m.finishedAt(),
              m.distilleryVersion(),
              m.workflowId(),
              m.runId(),
              m.workerIdentity(),
              extra));
    }
    Path to = home.resolve("a/data");

    assertEquals(
        ExitCodes.INVALID_INPUT, cli.run("artifacts", "download", KEY, "--to", to.toString()));
    assertTrue(cli.err.contains("names a file '..' that would be written outside"), cli.err);
    assertFalse(Files.exists(to.resolve("fine.jsonl")), "nothing half-downloaded");
  }
}
