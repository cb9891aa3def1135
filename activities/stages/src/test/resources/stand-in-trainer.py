#!/usr/bin/env python3
"""A STAND-IN for a training command, for tests and demos: it trains nothing.

Usage: stand-in-trainer.py CONFIG.yaml [key=value ...]

Reads output_dir, num_train_epochs, save_steps and logging_steps from the LLaMA-Factory YAML
(key=value arguments override them, as llamafactory-cli allows), "trains" STAND_IN_STEPS steps
(default 20) of STAND_IN_STEP_SECONDS each (default 0.05) printing a tqdm progress bar (redrawn
after carriage returns) and Hugging Face log dictionaries every logging_steps, writes
checkpoint-N/trainer_state.json every save_steps steps, resumes from resume_from_checkpoint
("resumed from step N"), writes a model folder (output_dir/config.json and a small weights file)
and prints DISTILL_MODEL=<output_dir>.
Environment: STAND_IN_FAIL set -> fails at its second step with an error line on stderr and exit
code 1;
STAND_IN_IGNORE_TERM set -> ignores SIGTERM (only SIGKILL stops it).
Standard library only.
"""
import json
import os
import signal
import sys
import time


def read_config(path):
    """The top-level scalar fields of a flat YAML mapping (enough for train.yaml)."""
    fields = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line[0] in " \t#-" or ":" not in line:
                continue
            key, _, value = line.partition(":")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields[key.strip()] = value
    return fields


def write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f)
    os.replace(tmp, path)


class Output:
    """Writes a progress bar as tqdm does (redrawn in place after a carriage return) and
    messages on lines of their own, ending a pending bar first as tqdm.write does."""

    def __init__(self):
        self.bar_pending = False

    def bar(self, text):
        sys.stdout.write("\r" + text)
        sys.stdout.flush()
        self.bar_pending = True

    def say(self, text):
        if self.bar_pending:
            sys.stdout.write("\n")
            self.bar_pending = False
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


def main():
    if len(sys.argv) < 2:
        print("usage: stand-in-trainer.py CONFIG.yaml [key=value ...]", file=sys.stderr)
        return 2
    config = read_config(sys.argv[1])
    for arg in sys.argv[2:]:
        key, _, value = arg.partition("=")
        config[key] = value
    if os.environ.get("STAND_IN_IGNORE_TERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    output_dir = config["output_dir"]
    epochs = float(config.get("num_train_epochs", "1"))
    save_steps = max(1, int(config.get("save_steps", "5")))
    logging_steps = max(1, int(config.get("logging_steps", "1")))
    steps = int(os.environ.get("STAND_IN_STEPS", "20"))
    step_seconds = float(os.environ.get("STAND_IN_STEP_SECONDS", "0.05"))
    out = Output()
    out.say(f"stand-in trainer (not a real trainer): pid {os.getpid()}, {steps} steps")

    start = 0
    resume = config.get("resume_from_checkpoint")
    if resume:
        with open(os.path.join(resume, "trainer_state.json"), encoding="utf-8") as f:
            start = int(json.load(f)["global_step"])
        out.say(f"stand-in trainer: resumed from step {start} ({resume})")

    os.makedirs(output_dir, exist_ok=True)
    began = time.time()
    for step in range(start + 1, steps + 1):
        time.sleep(step_seconds)
        if os.environ.get("STAND_IN_FAIL") and step == start + 2:
            out.say("Traceback (most recent call last): (stand-in)")
            print("RuntimeError: stand-in trainer failed on purpose (STAND_IN_FAIL is set)",
                  file=sys.stderr, flush=True)
            return 1
        percent = step * 100 // steps
        out.bar(f"{percent:3d}%|{'#' * (percent // 10):<10}| {step}/{steps} "
                f"[00:{int(time.time() - began):02d}<00:00, {1 / step_seconds:.2f}it/s]")
        if step % logging_steps == 0:
            out.say(f"{{'loss': {2.0 / (1 + step):.4f}, 'grad_norm': 0.5, "
                    f"'learning_rate': 1e-05, 'epoch': {epochs * step / steps:.2f}}}")
        if step % save_steps == 0 and step < steps:
            checkpoint = os.path.join(output_dir, f"checkpoint-{step}")
            out.say(f"Saving model checkpoint to {checkpoint}")
            os.makedirs(checkpoint, exist_ok=True)
            with open(os.path.join(checkpoint, "model.safetensors"), "wb") as f:
                f.write(b"stand-in weights\n")
            write_json(os.path.join(checkpoint, "trainer_state.json"),
                       {"global_step": step, "epoch": epochs * step / steps, "max_steps": steps})
            out.say(f"stand-in trainer: checkpoint {step} saved")

    with open(os.path.join(output_dir, "model.safetensors"), "wb") as f:
        f.write(b"stand-in weights\n")
    write_json(os.path.join(output_dir, "config.json"),
               {"architectures": ["StandInForCausalLM"], "model_type": "stand-in"})
    out.say(f"{{'train_runtime': {time.time() - began:.3f}, 'train_loss': 0.5, 'epoch': {epochs}}}")
    out.say(f"DISTILL_MODEL={output_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
