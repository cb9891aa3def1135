package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.WorkflowIds;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A teacher authenticates with a key read from the environment; afterwards the key appears in no
 * Temporal history, no stored object (manifests, artifacts, completions, plans) and no log line of
 * the worker, even at DEBUG.
 */
class SecretsDoNotLeakTest {
  private static final String KEY = "sk-distill-test-4f1c9a7e2b";

  @TempDir Path home;

  @Test
  void theApiKeyIsNowhereButInTheWorkersEnvironment() throws Exception {
    try (SimulatedLlmServer llm =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().requireApiKey(KEY).build())) {
      Path recipe = home.resolve("secret.yaml");
      Files.writeString(
          recipe,
          """
          recipe: secret
          stages:
            - id: source
              kind: synthetic-arithmetic
              params: {count: 12}
            - id: teacher
              kind: teacher
              params: {base_url: "%s", model: simulated-teacher, api_key_env: TEACHER_KEY, n: 2}
            - id: export
              kind: export
          """
              .formatted(llm.baseUrl()));
      Path log = home.resolve("dev.log");
      Process dev =
          DistillProcess.startDev(
              home, Map.of("TEACHER_KEY", KEY, "DISTILL_LOG_LEVEL", "DEBUG"), log);
      try {
        CliHarness cli = new CliHarness(home);
        assertEquals(
            ExitCodes.OK, cli.run("submit", recipe.toString(), "--wait"), cli.out + cli.err);
        assertTrue(llm.completedCount() > 0, "the key was sent and accepted");

        List<String> leaks = new ArrayList<>();
        SweepPlan plan = SweepFiles.plan(recipe);
        try (Stack stack =
            Stack.open(new CliHarness(home).distill().config(), Stack.Mode.CONNECT, 0, 0)) {
          List<String> ids = new ArrayList<>(List.of(plan.sweep(), plan.sweep() + "/base"));
          for (PlannedStage stage : plan.experiments().get(0).stages()) {
            ids.add(WorkflowIds.stage(stage.ref()));
          }
          int sawTeacherParams = 0;
          for (String id : ids) {
            // The raw protobuf: payloads are in it as the bytes the data converter wrote.
            String history =
                new String(
                    stack.client().fetchHistory(id).getHistory().toByteArray(),
                    StandardCharsets.UTF_8);
            sawTeacherParams += history.contains("TEACHER_KEY") ? 1 : 0;
            if (history.contains(KEY)) {
              leaks.add("history of " + id);
            }
          }
          assertTrue(sawTeacherParams > 0, "the scan reads payloads: the variable's name is there");
          List<String> keys = stack.blobs().list("");
          assertTrue(keys.stream().anyMatch(k -> k.startsWith("completions/")), keys.toString());
          int sawAnswers = 0;
          for (String key : keys) {
            String text = text(key, stack.blobs().get(key).orElseThrow());
            sawAnswers += text.contains("\\boxed{") ? 1 : 0;
            if (text.contains(KEY)) {
              leaks.add("object " + key);
            }
          }
          assertTrue(sawAnswers > 0, "the scan reads decompressed artifacts and completions");
        }
        dev.destroy();
        dev.waitFor(30, TimeUnit.SECONDS);
        String logText = Files.readString(log);
        assertTrue(logText.contains("DEBUG"), "the worker logged at DEBUG");
        if (logText.contains(KEY)) {
          leaks.add("worker log");
        }
        assertEquals(List.of(), leaks);
        assertFalse(cli.out.contains(KEY) || cli.err.contains(KEY));
      } finally {
        dev.destroyForcibly();
      }
    }
  }

  private static String text(String key, byte[] bytes) throws Exception {
    if (!key.endsWith(".zst")) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
