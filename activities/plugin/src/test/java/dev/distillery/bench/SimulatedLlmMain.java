package dev.distillery.bench;

import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import java.time.Duration;

/**
 * Runs a {@link SimulatedLlmServer} with a fixed latency in its own JVM, so that a benchmark's
 * client does not share a process with it. Usage: {@code SimulatedLlmMain <latency-ms>
 * [<rate-limit-rate>]}, the second the share of requests answered with a transient 429 ({@code
 * Retry-After: 1}, rate-limit headers far from exhausted). Prints {@code port=<port>} on stdout
 * once it listens, then serves until its stdin closes.
 */
public final class SimulatedLlmMain {
  private SimulatedLlmMain() {}

  public static void main(String[] args) throws Exception {
    Duration latency = Duration.ofMillis(Long.parseLong(args[0]));
    double rateLimited = args.length > 1 ? Double.parseDouble(args[1]) : 0;
    try (SimulatedLlmServer server =
        SimulatedLlmServer.startWithFixedLatency(
            SimulatedLlmConfig.builder().latency(latency).rateLimitRate(rateLimited).build())) {
      System.out.println("port=" + server.baseUrl().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the parent closes our stdin (or dies).
      }
      System.out.println("completed=" + server.completedCount());
    }
  }
}
