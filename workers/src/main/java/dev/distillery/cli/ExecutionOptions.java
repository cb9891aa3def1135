package dev.distillery.cli;

import dev.distillery.workflow.ExecutionSettings;
import picocli.CommandLine.Option;

/** Options of the commands that start sweeps ({@code run}, {@code submit}, {@code resume}). */
final class ExecutionOptions {
  @Option(
      names = "--heartbeat-timeout",
      defaultValue = "60",
      description =
          "Seconds of silence before a stage attempt is presumed dead and retried elsewhere"
              + " (default: ${DEFAULT-VALUE}).")
  int heartbeatTimeout;

  ExecutionSettings settings() {
    return new ExecutionSettings(heartbeatTimeout, ExecutionSettings.DEFAULT.joinRecheckSeconds());
  }
}
