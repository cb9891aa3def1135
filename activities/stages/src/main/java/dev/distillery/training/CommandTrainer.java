package dev.distillery.training;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code command} trainer: runs a {@link TrainingCommand} in its own process group, passes each
 * log line to a {@link TrainingListener}, resumes from the last checkpoint of the output folder,
 * and reports how it ended. It knows no trainer beyond the Hugging Face checkpoint layout and a few
 * log conventions, so a launcher ({@code sbatch --wait}, {@code torchrun}, a script) works as well
 * as {@code llamafactory-cli}.
 *
 * <p>Conventions read from the log: a {@code DISTILL_MODEL=<path or uri>} line names the model (the
 * last one wins); progress lines are the Hugging Face Trainer's log dictionaries ({@code {'loss':
 * 1.2, ..., 'epoch': 0.5}}), progress bars ({@code 12/345 [00:10<04:40, 1.19it/s]}) and lines
 * starting with {@code DISTILL_PROGRESS}.
 */
public final class CommandTrainer {
  /** How many last log lines an outcome keeps. */
  public static final int LOG_TAIL_LINES = 40;

  /** The file in the work folder naming the running command's process (group) id. */
  public static final String PID_FILE = "train.pid";

  /** Where in the command the resume flag goes, when not at the end. */
  public static final String RESUME_PLACEHOLDER = "{resume}";

  /** The line prefix naming the trained model. */
  public static final String MODEL_PREFIX = "DISTILL_MODEL=";

  private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");
  private static final String TRAINER_STATE = "trainer_state.json";
  private static final Pattern PROGRESS =
      Pattern.compile(
          "^DISTILL_PROGRESS\\b|\\{.*'(loss|epoch|train_loss)'\\s*:|\\b\\d+/\\d+\\s*\\[[^\\]]*\\]");
  private static final Object END = new Object();

  /**
   * Runs {@code command} in {@code workDir} until it exits. When {@code command.outputDir()} holds
   * a complete checkpoint ({@link #lastCheckpoint}) and the resume flag is not empty, the flag
   * naming it is appended to the command line. {@code listener} gets every line on the calling
   * thread, in order, while the command runs.
   *
   * @return the outcome, whatever the exit code
   * @throws IOException when the command cannot be started
   * @throws InterruptedException when the calling thread is interrupted: the command and everything
   *     it started were sent SIGTERM, then SIGKILL after {@code command.killGrace()}, and are gone
   */
  public TrainingOutcome run(TrainingCommand command, Path workDir, TrainingListener listener)
      throws IOException, InterruptedException {
    Path outputDir = command.outputDir();
    String commandLine =
        ShellTemplate.fill(
            command.command(),
            Map.of(
                "config", workDir.resolve(LlamaFactoryConfig.CONFIG_FILE).toString(),
                "output_dir", outputDir == null ? "" : outputDir.toString(),
                "work_dir", workDir.toString()));
    Path checkpoint = null;
    String resume = "";
    if (outputDir != null && !command.resumeFlag().isBlank()) {
      checkpoint = lastCheckpoint(outputDir).orElse(null);
      if (checkpoint != null) {
        resume =
            ShellTemplate.fill(command.resumeFlag(), Map.of("checkpoint", checkpoint.toString()));
      }
    }
    // {resume} places the flag (a command ending in a pipe needs it before the pipe); without it
    // the flag goes at the end.
    if (commandLine.contains(RESUME_PLACEHOLDER)) {
      commandLine = commandLine.replace(RESUME_PLACEHOLDER, resume);
    } else if (!resume.isEmpty()) {
      commandLine += " " + resume;
    }
    // A worker killed outright (SIGKILL, a lost container) leaves its command running: a retry on
    // this machine stops it first, so two trainers never write the same checkpoints.
    Path pidFile = workDir.resolve(PID_FILE);
    if (Files.isRegularFile(pidFile)) {
      try {
        long leftover = Long.parseLong(Files.readString(pidFile).strip());
        if (ProcessTree.stopLeftover(leftover, workDir.toString(), command.killGrace())) {
          listener.line(
              "distill: stopped the command of an earlier attempt (pid " + leftover + ")");
        }
      } catch (NumberFormatException e) {
        // Not ours to read; overwritten below.
      }
    }
    BlockingQueue<Object> output = new LinkedBlockingQueue<>();
    LogTail tail = new LogTail(LOG_TAIL_LINES);
    String progress = null;
    String model = null;
    ProcessTree tree =
        ProcessTree.start(commandLine, workDir, command.env(), output::add, () -> output.add(END));
    Files.writeString(pidFile, Long.toString(tree.pid()));
    int exitCode;
    try {
      while (true) {
        Object item = output.poll(100, TimeUnit.MILLISECONDS);
        if (item == END) {
          break;
        }
        if (item == null) {
          if (!tree.isAlive()) {
            // The shell is gone and its output has not ended: end whatever it left behind.
            tree.stop(command.killGrace());
          }
          continue;
        }
        String line = (String) item;
        tail.add(line);
        if (isProgress(line)) {
          progress = line;
        }
        if (line.startsWith(MODEL_PREFIX) && !line.substring(MODEL_PREFIX.length()).isBlank()) {
          model = line.substring(MODEL_PREFIX.length()).strip();
        }
        listener.line(line);
      }
      exitCode = tree.waitFor();
    } finally {
      tree.stop(command.killGrace());
      Files.deleteIfExists(pidFile);
    }
    if (model == null
        && outputDir != null
        && Files.isRegularFile(outputDir.resolve("config.json"))) {
      model = outputDir.toString();
    }
    return new TrainingOutcome(
        exitCode, model, checkpoint == null ? null : checkpoint.toString(), tail.lines(), progress);
  }

  /**
   * The highest-numbered {@code checkpoint-N} folder of {@code outputDir} holding {@code
   * trainer_state.json}, as the Hugging Face Trainer writes them (the state last, so a checkpoint
   * cut short by a lost node is skipped); empty when there is none or the folder does not exist.
   */
  public static Optional<Path> lastCheckpoint(Path outputDir) throws IOException {
    if (!Files.isDirectory(outputDir)) {
      return Optional.empty();
    }
    Path best = null;
    long bestStep = -1;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(outputDir)) {
      for (Path entry : entries) {
        Matcher m = CHECKPOINT.matcher(entry.getFileName().toString());
        if (m.matches()
            && m.group(1).length() < 19
            && Files.isRegularFile(entry.resolve(TRAINER_STATE))
            && Long.parseLong(m.group(1)) > bestStep) {
          best = entry;
          bestStep = Long.parseLong(m.group(1));
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Whether {@code line} reports training progress (see the class comment). */
  public static boolean isProgress(String line) {
    return PROGRESS.matcher(line).find();
  }
}
