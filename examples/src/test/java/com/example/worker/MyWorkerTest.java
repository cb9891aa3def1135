package com.example.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.cli.Distill;
import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.embedded.EmbeddedTemporal;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.store.S3Clients;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo sweep, submitted with {@code distill submit} (which starts no worker), runs to its end
 * on a worker built only as {@link MyWorker} builds it: Temporal and S3 run embedded, the teacher
 * and fine-tuning API are the simulated LLM. Without a worker that registers Distillery's workflows
 * and activities the sweep would never end, hence the timeout.
 */
class MyWorkerTest {
  private static final String BUCKET = "team-bucket";

  @TempDir Path home;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void theDemoSweepRunsOnATeamsWorkerWithThePlugin() throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0);
        EmbeddedS3 s3Server = EmbeddedS3.startInMemory();
        SimulatedLlmServer llm =
            SimulatedLlmServer.start(
                SimulatedLlmConfig.builder().latency(Duration.ofMillis(5)).build());
        S3Client s3 =
            S3Clients.create(s3Server.endpoint(), s3Server.region(), s3Server.credentials())) {
      S3Clients.ensureBucket(s3, BUCKET);
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      WorkerFactory factory =
          MyWorker.start(WorkflowClient.newInstance(service), s3, BUCKET, llm.baseUrl());
      try {
        Map<String, String> env = new HashMap<>();
        env.put("DISTILL_HOME", home.toString());
        env.put("TEMPORAL_ADDRESS", temporal.address());
        env.put("DISTILL_STORE", "s3://" + BUCKET);
        env.put("AWS_ENDPOINT_URL_S3", s3Server.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", s3Server.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", s3Server.secretKey());
        env.put("AWS_REGION", s3Server.region());

        String table = distill(env, "submit", "../recipes/demo/sweep.yaml", "--wait");
        assertEquals(
            4,
            table
                .lines()
                .filter(l -> l.startsWith("keep-") && l.matches(".*\\sok(\\s.*)?"))
                .count(),
            table);

        String results = distill(env, "results", "demo", "--format", "json");
        JsonNode rows = new ObjectMapper().readTree(results);
        assertEquals(4, rows.size(), results);
        for (JsonNode row : rows) {
          assertTrue(row.get("metrics").has("eval.arithmetic"), row.toString());
        }
        String verified = distill(env, "artifacts", "verify");
        assertTrue(verified.contains("20 stages checked, 0 corrupt"), verified);
      } finally {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
        service.shutdownNow();
      }
    }
  }

  /** Runs the real {@code distill} command line in-process; its output, once it exits 0. */
  private static String distill(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = Distill.commandLine(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(cli.getOut());
    assertEquals(0, cli.execute(args), out.toString());
    return out.toString();
  }
}
