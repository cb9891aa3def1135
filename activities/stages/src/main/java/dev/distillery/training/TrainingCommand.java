package dev.distillery.training;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A training command for {@link CommandTrainer}.
 *
 * @param command a {@code /bin/sh} command line, for example {@code llamafactory-cli train
 *     {config}} or {@code sbatch --wait train.sbatch {config}}; placeholders: {@code {config}} (the
 *     work folder's {@value LlamaFactoryConfig#CONFIG_FILE}), {@code {output_dir}} and {@code
 *     {work_dir}}, each shell-quoted when it needs to be
 * @param resumeFlag appended (after a space) to {@code command} when {@code outputDir} holds a
 *     checkpoint, {@code {checkpoint}} being its path; null means {@value #DEFAULT_RESUME_FLAG}
 *     (LLaMA-Factory reads {@code key=value} overrides after the YAML), empty means never
 * @param outputDir where the trainer writes checkpoints ({@code checkpoint-N}) and the model; null
 *     when unknown (no resume, no model folder)
 * @param env variables added to the worker's environment; null for none
 * @param killGrace how long a cancelled command has between SIGTERM and SIGKILL; null means {@link
 *     #DEFAULT_KILL_GRACE}
 */
public record TrainingCommand(
    String command,
    String resumeFlag,
    Path outputDir,
    Map<String, String> env,
    Duration killGrace) {
  /** LLaMA-Factory's (and the Hugging Face Trainer's) argument naming the checkpoint to resume. */
  public static final String DEFAULT_RESUME_FLAG = "resume_from_checkpoint={checkpoint}";

  /** Long enough for a trainer to flush its log and let its launcher end the workers. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(30);

  public TrainingCommand {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("the training command is empty");
    }
    resumeFlag = resumeFlag == null ? DEFAULT_RESUME_FLAG : resumeFlag;
    env = env == null ? Map.of() : Map.copyOf(env);
    killGrace = killGrace == null ? DEFAULT_KILL_GRACE : killGrace;
  }
}
