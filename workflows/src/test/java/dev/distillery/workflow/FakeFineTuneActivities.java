package dev.distillery.workflow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake fine-tuning service: a job runs for {@code pollsUntilDone} polls, then ends with {@code
 * finalStatus}; it records starts, polls, cancels and commits.
 */
final class FakeFineTuneActivities implements FineTuneActivities {
  final AtomicInteger starts = new AtomicInteger();
  final AtomicInteger polls = new AtomicInteger();
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  final List<FineTuneStatus> committed = new CopyOnWriteArrayList<>();
  volatile int pollsUntilDone = 3;
  volatile String finalStatus = "succeeded";

  @Override
  public FineTuneStatus start(StageInput input) {
    starts.incrementAndGet();
    return new FineTuneStatus(null, "ftjob-1", "queued", null, null, 0, "job created");
  }

  @Override
  public FineTuneStatus poll(StageInput input, String jobId) {
    int n = polls.incrementAndGet();
    if (n < pollsUntilDone) {
      return new FineTuneStatus(null, jobId, "running", null, null, n * 100L, "step " + n);
    }
    boolean ok = "succeeded".equals(finalStatus);
    return new FineTuneStatus(
        null,
        jobId,
        finalStatus,
        ok ? "ft:student:" + jobId : null,
        ok ? null : "bad file",
        n * 100L,
        null);
  }

  @Override
  public void cancel(StageInput input, String jobId) {
    cancelled.add(jobId);
  }

  @Override
  public StageResult commit(StageInput input, FineTuneStatus finished) {
    committed.add(finished);
    if (!"succeeded".equals(finished.status())) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "job " + finished.status() + ": " + finished.error(), "UserError");
    }
    return new StageResult(
        input.stage().id(),
        "train",
        input.stage().key(),
        StageOutcome.COMPUTED,
        "fake://" + input.stage().ref().folder() + "/manifest.json",
        10,
        1,
        null,
        5);
  }
}
