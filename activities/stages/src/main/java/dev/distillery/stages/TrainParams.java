package dev.distillery.stages;

import dev.distillery.recipe.Param;
import java.util.Map;

/** The params of a {@code train} stage, as recipes write them (snake case). */
public record TrainParams(
    @Param(
            doc =
                "command (runs a training command such as LLaMA-Factory on"
                    + " a distillery-gpu worker) or openai-finetune (an OpenAI-compatible"
                    + " fine-tuning API)",
            required = true,
            oneOf = {"command", "openai-finetune"})
        String trainer,
    @Param(doc = "the model to fine-tune, e.g. Qwen/Qwen2.5-7B-Instruct", required = true)
        String baseModel,
    @Param(
            doc =
                "command: the study's preset (global batch / lr / epochs):"
                    + " micro 32/1e-5/13, small 96/2e-5/7, medium 128/4e-5/5, large"
                    + " 512/8e-5/5 with packing",
            defaultValue = "medium",
            oneOf = {"micro", "small", "medium", "large"})
        String preset,
    @Param(
            doc =
                "command: LLaMA-Factory config field -> value, replacing"
                    + " the preset's (null removes a field)")
        Map<String, Object> overrides,
    @Param(doc = "command: GPUs the command trains on", defaultValue = "8", min = 1) Integer gpus,
    @Param(
            doc =
                "command: run with /bin/sh; {config}, {output_dir} and {work_dir}"
                    + " are filled in, and {resume} (where the resume flag goes;"
                    + " else at the end). It may print DISTILL_MODEL=<path or URI>"
                    + " to name the model",
            defaultValue = "llamafactory-cli train {config}")
        String command,
    @Param(
            doc = "command: appended on a retry when a checkpoint exists",
            defaultValue = "resume_from_checkpoint={checkpoint}")
        String resumeFlag,
    @Param(
            doc = "openai-finetune: the fine-tuning API's base URL (it serves the model too)",
            endpointUrl = true)
        String baseUrl,
    @Param(doc = "name of the env var holding the API key") String apiKeyEnv,
    @Param(doc = "openai-finetune: suffix of the model's name") String suffix,
    @Param(doc = "openai-finetune: epochs", min = 1) Integer nEpochs,
    @Param(doc = "openai-finetune: batch size", min = 1) Integer batchSize,
    @Param(doc = "openai-finetune: learning rate multiplier", min = 0)
        Double learningRateMultiplier,
    @Param(doc = "openai-finetune: the job's seed") Long seed,
    @Param(
            doc =
                "command: where config, data, checkpoints and the model go"
                    + " (one folder per stage). On a shared filesystem a retry"
                    + " on another node resumes. Default: $DISTILL_HOME/train",
            tuning = true)
        String workDir,
    @Param(
            doc = "openai-finetune: seconds between polls of the job",
            defaultValue = "30",
            tuning = true,
            min = 1)
        Integer pollSeconds) {}
