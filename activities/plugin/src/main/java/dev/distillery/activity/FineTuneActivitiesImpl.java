package dev.distillery.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.FineTuneJob;
import dev.distillery.llm.FineTuneJobNotFoundException;
import dev.distillery.llm.FineTuneRequest;
import dev.distillery.llm.LlmException;
import dev.distillery.llm.OpenAiFineTuneClient;
import dev.distillery.plan.PlannedStage;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.TeacherStage;
import dev.distillery.stages.TrainedModel;
import dev.distillery.stages.core.EndpointSpec;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.BlobStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.store.StageWriter;
import dev.distillery.workflow.FineTuneActivities;
import dev.distillery.workflow.FineTuneStatus;
import dev.distillery.workflow.StageInput;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code train} stage through an OpenAI-compatible fine-tuning API. The job's id is kept in the
 * stage's folder ({@value #JOB_FILE}) from the moment the job exists, so a retried activity, a
 * continued-as-new workflow or a resumed sweep finds the job instead of paying for a second one.
 */
public class FineTuneActivitiesImpl implements FineTuneActivities {
  /** The file in the stage's folder that names its running job. */
  static final String JOB_FILE = "finetune-job.json";

  private static final Logger log = LoggerFactory.getLogger(FineTuneActivitiesImpl.class);

  private final StageRuns runs;
  private final ArtifactStore store;
  private final BlobStore blobs;
  private final StageServices services;
  private final Clock clock;

  public FineTuneActivitiesImpl(
      ArtifactStore store,
      StageRegistry stages,
      StageServices services,
      String workerIdentity,
      String distilleryVersion,
      Clock clock) {
    this.runs = new StageRuns(store, stages, workerIdentity, distilleryVersion);
    this.store = store;
    this.blobs = store.blobs();
    this.services = services;
    this.clock = clock;
  }

  @Override
  public FineTuneStatus start(StageInput input) {
    PlannedStage planned = input.stage();
    try {
      Optional<StageResult> reused = runs.reusedIfIntact(planned);
      if (reused.isPresent()) {
        return FineTuneStatus.reused(reused.get());
      }
      try (OpenAiFineTuneClient client = client(planned)) {
        Optional<byte[]> recorded = blobs.get(jobKey(planned));
        if (recorded.isEmpty()) {
          return status(client, create(client, input));
        }
        String jobId = Rows.JSON.readTree(recorded.get()).path("job_id").asText();
        return current(client, input, jobId);
      }
    } catch (Exception e) {
      throw StageRuns.endpointFailure(e);
    }
  }

  @Override
  public FineTuneStatus poll(StageInput input, String jobId) {
    try (OpenAiFineTuneClient client = client(input.stage())) {
      return current(client, input, jobId);
    } catch (Exception e) {
      throw StageRuns.endpointFailure(e);
    }
  }

  /** The job's state now; a job the service no longer knows is created again. */
  private FineTuneStatus current(OpenAiFineTuneClient client, StageInput input, String jobId)
      throws Exception {
    try {
      return status(client, client.retrieve(jobId));
    } catch (FineTuneJobNotFoundException e) {
      log.warn(
          "fine-tuning job {} of stage {} is gone; starting a new one", jobId, input.stage().id());
      return status(client, create(client, input));
    }
  }

  @Override
  public void cancel(StageInput input, String jobId) {
    PlannedStage planned = input.stage();
    try (OpenAiFineTuneClient client = client(planned)) {
      try {
        client.cancel(jobId);
      } catch (FineTuneJobNotFoundException e) {
        // Nothing left to cancel.
      } catch (LlmException e) {
        if (e.retryable()) {
          throw e;
        }
        // The service refuses to cancel a job that has already ended: nothing to do.
        log.info("fine-tuning job {} was not cancelled: {}", jobId, e.getMessage());
      }
      blobs.delete(jobKey(planned));
    } catch (Exception e) {
      throw StageRuns.endpointFailure(e);
    }
  }

  @Override
  public StageResult commit(StageInput input, FineTuneStatus finished) {
    PlannedStage planned = input.stage();
    try {
      Optional<StageResult> reused = runs.reusedIfIntact(planned);
      if (reused.isPresent()) {
        return reused.get();
      }
      if (!"succeeded".equals(finished.status())) {
        blobs.delete(jobKey(planned));
        throw ApplicationFailure.newNonRetryableFailure(
            "train stage '"
                + planned.id()
                + "': fine-tuning job "
                + finished.jobId()
                + " "
                + finished.status()
                + (finished.error() == null ? "" : ": " + finished.error())
                + ". Fix the cause (the training file is the stage's input export), then resume"
                + " the sweep: a new job is started.",
            StageActivitiesImpl.USER_ERROR);
      }
      ObjectNode params = planned.params();
      TrainedModel model =
          new TrainedModel(
              "openai-finetune",
              finished.fineTunedModel(),
              params.get("base_url").asText(),
              params.hasNonNull("api_key_env") ? params.get("api_key_env").asText() : null,
              params.get("base_model").asText(),
              finished.jobId());
      try (StageWriter writer =
          runs.begin(planned, Activity.getExecutionContext().getInfo(), clock)) {
        writer.countIn(runs.inputs(planned).get(0).counters().rowsOut());
        writer.write(model.toRow());
        writer.count("trained_tokens", finished.trainedTokens());
        Manifest manifest = writer.commit();
        blobs.delete(jobKey(planned));
        return runs.result(planned, manifest, StageOutcome.COMPUTED);
      }
    } catch (Exception e) {
      throw StageRuns.endpointFailure(e);
    }
  }

  /** Uploads the input export as a chat-format training file, creates the job and records it. */
  private FineTuneJob create(OpenAiFineTuneClient client, StageInput input) throws Exception {
    PlannedStage planned = input.stage();
    ObjectNode p = planned.params();
    Manifest export = runs.inputs(planned).get(0);
    String fileId = client.uploadTrainingFile(trainingFile(planned, export), "train.jsonl");
    FineTuneJob job =
        client.create(
            new FineTuneRequest(
                p.get("base_model").asText(),
                fileId,
                p.hasNonNull("suffix") ? p.get("suffix").asText() : null,
                p.hasNonNull("seed") ? p.get("seed").asLong() : null,
                p.hasNonNull("n_epochs") ? p.get("n_epochs").asInt() : null,
                p.hasNonNull("batch_size") ? p.get("batch_size").asInt() : null,
                p.hasNonNull("learning_rate_multiplier")
                    ? p.get("learning_rate_multiplier").asDouble()
                    : null));
    ObjectNode record = Rows.JSON.createObjectNode();
    record.put("job_id", job.id()).put("training_file", fileId);
    blobs.put(jobKey(planned), Rows.JSON.writeValueAsBytes(record));
    log.info("stage {}: fine-tuning job {} created", planned.id(), job.id());
    return job;
  }

  /**
   * The export's rows as OpenAI chat-format JSONL ({@code {"messages": [...]}}): ShareGPT rows
   * ({@code conversations} of {@code from}/{@code value}) are mapped to roles, {@code messages}
   * rows are kept.
   */
  private byte[] trainingFile(PlannedStage planned, Manifest export) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long rows = 0;
    try (RowReader reader = store.open(export)) {
      for (ObjectNode row : reader) {
        ObjectNode line = Rows.JSON.createObjectNode();
        ArrayNode messages = line.putArray("messages");
        if (row.path("messages").isArray()) {
          messages.addAll((ArrayNode) row.get("messages"));
        } else if (row.path("conversations").isArray()) {
          if (row.hasNonNull("system")) {
            messages.addObject().put("role", "system").put("content", row.get("system").asText());
          }
          for (JsonNode turn : row.get("conversations")) {
            messages
                .addObject()
                .put("role", role(turn.path("from").asText()))
                .put("content", turn.path("value").asText());
          }
        } else {
          throw StageRuns.userError(
              "train stage '"
                  + planned.id()
                  + "' reads "
                  + store.manifestUri(export.ref())
                  + ", whose rows have neither `conversations` nor `messages`; train on an"
                  + " export stage's output");
        }
        out.write(Rows.JSON.writeValueAsBytes(line));
        out.write('\n');
        rows++;
      }
    }
    if (rows == 0) {
      throw StageRuns.userError(
          "train stage '"
              + planned.id()
              + "': its input export has no rows, so there is nothing to train on; loosen the"
              + " filters before it");
    }
    return out.toByteArray();
  }

  private static String role(String from) {
    return switch (from) {
      case "human", "user" -> "user";
      case "gpt", "assistant" -> "assistant";
      case "system" -> "system";
      default -> from;
    };
  }

  private FineTuneStatus status(OpenAiFineTuneClient client, FineTuneJob job)
      throws LlmException, InterruptedException {
    List<String> events = job.terminal() ? List.of() : client.events(job.id(), 1);
    return new FineTuneStatus(
        null,
        job.id(),
        job.status(),
        job.fineTunedModel(),
        job.errorMessage(),
        job.trainedTokens(),
        events.isEmpty() ? null : events.get(0));
  }

  private OpenAiFineTuneClient client(PlannedStage planned) throws Exception {
    EndpointSpec endpoint =
        TeacherStage.endpoint("train", planned.id(), planned.params(), services.environment());
    return services.chatClients().fineTuning(endpoint);
  }

  private static String jobKey(PlannedStage planned) {
    return planned.ref().folder() + "/" + JOB_FILE;
  }
}
