package dev.distillery.cli;

import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.worker.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workers in JVMs of their own ({@code distill worker}, as the machines of a fleet run it) against
 * an embedded stack, for tests that kill one. The n-th started logs to {@code worker-n.log} in
 * {@code home} and keeps its own home in {@code home/worker-home}; closing kills those still
 * running and waits for them.
 */
final class WorkerJvms implements AutoCloseable {
  private final Path home;
  private final Map<String, String> env;
  private final List<Process> started = new ArrayList<>();

  /**
   * Workers for {@code stack} whose {@code simulated://} endpoints are {@code llm}, with the
   * settings {@code extra} besides.
   */
  WorkerJvms(Path home, Stack stack, SimulatedLlmServer llm, Map<String, String> extra) {
    this.home = home;
    Map<String, String> all = new HashMap<>(extra);
    all.put("TEMPORAL_ADDRESS", stack.temporalAddress());
    all.put("AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString());
    all.put("DISTILL_STORE", stack.storeLocation().toString());
    all.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
    all.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
    all.put("AWS_REGION", EmbeddedS3.REGION);
    all.put("DISTILL_SIMULATOR_URL", llm.baseUrl().toString());
    all.put("DISTILL_HOME", home.resolve("worker-home").toString());
    this.env = Map.copyOf(all);
  }

  /** Starts {@code distill worker --max-activities 2} with {@code options} in a new JVM. */
  Process start(String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("worker", "--max-activities", "2"));
    args.addAll(List.of(options));
    Process worker =
        DistillProcess.start(env, log(started.size() + 1), args.toArray(String[]::new));
    started.add(worker);
    return worker;
  }

  /** What the {@code n}-th worker (from 1) logged so far, or why there is nothing to show. */
  String logOf(int n) {
    try {
      return Files.readString(log(n));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }

  private Path log(int n) {
    return home.resolve("worker-" + n + ".log");
  }

  @Override
  public void close() throws InterruptedException {
    for (Process worker : started) {
      worker.destroyForcibly().waitFor();
    }
  }
}
