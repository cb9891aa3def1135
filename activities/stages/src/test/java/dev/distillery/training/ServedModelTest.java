package dev.distillery.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A served model started from the stand-in server (which serves no model), over real HTTP. */
class ServedModelTest {
  static final Duration HEALTH = Duration.ofSeconds(30);

  @Test
  void startsWaitsForHealthServesAndStops(@TempDir Path temp) throws Exception {
    Path log = temp.resolve("logs/serve.log");
    List<String> lines = new CopyOnWriteArrayList<>();
    long pid;
    try (ServedModel served =
        ServedModel.start(
            StandIns.server() + " {model} --port {port} --delay 0.5",
            "/models/run 1",
            log,
            HEALTH,
            lines::add)) {
      pid = served.pid();
      assertTrue(served.baseUrl().toString().matches("http://127\\.0\\.0\\.1:\\d+"));
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .proxy(HttpClient.Builder.NO_PROXY)
              .build()
              .send(
                  HttpRequest.newBuilder(served.baseUrl().resolve("/v1/chat/completions"))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"model\": \"/models/run 1\", \"messages\": []}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      JsonNode body = new ObjectMapper().readTree(response.body());
      assertEquals("/models/run 1", body.get("model").asText());
      assertTrue(body.at("/choices/0/message/content").asText().contains("\\boxed{0}"));
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessTree::running).orElse(false));
    String written = Files.readString(log);
    assertTrue(written.contains("stand-in server (not a real model server) for /models/run 1"));
    assertTrue(written.contains("POST /v1/chat/completions"), written);
    assertTrue(lines.stream().anyMatch(l -> l.contains("listening on")), lines::toString);
  }

  @Test
  void aCommandThatExitsFailsFastWithItsLog(@TempDir Path temp) {
    long started = System.nanoTime();
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                ServedModel.start(
                    "echo 'loading {model}'; echo 'CUDA error: no GPU found' >&2; exit 3",
                    "m",
                    temp.resolve("serve.log"),
                    HEALTH,
                    line -> {}));
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "before the timeout");
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    assertTrue(e.getMessage().contains("  loading m\n  CUDA error: no GPU found"), e.getMessage());
  }

  @Test
  void aServerThatNeverGetsHealthyTimesOutAndIsStopped(@TempDir Path temp) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                ServedModel.start(
                    StandIns.server() + " {model} --port {port} --unhealthy",
                    "m",
                    temp.resolve("serve.log"),
                    Duration.ofSeconds(1),
                    lines::add));
    assertTrue(e.getMessage().contains("did not answer GET /health or /v1/models"), e.getMessage());
    assertTrue(e.getMessage().contains("stand-in server listening on"), e.getMessage());
    Matcher pid = Pattern.compile("pid (\\d+)").matcher(String.join("\n", lines));
    assertTrue(pid.find(), lines::toString);
    assertFalse(
        ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessTree::running).orElse(false));
  }
}
