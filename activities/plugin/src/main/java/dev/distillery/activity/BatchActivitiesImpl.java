package dev.distillery.activity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.BatchJob;
import dev.distillery.llm.BatchRequestLine;
import dev.distillery.llm.BatchResultLine;
import dev.distillery.llm.ChatChoice;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.Completion;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.OpenAiBatchClient;
import dev.distillery.llm.SampleRequest;
import dev.distillery.plan.PlannedStage;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.TeacherStage;
import dev.distillery.stages.core.EndpointSpec;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.BlobStore;
import dev.distillery.workflow.BatchActivities;
import dev.distillery.workflow.BatchCollected;
import dev.distillery.workflow.BatchState;
import dev.distillery.workflow.BatchSubmission;
import dev.distillery.workflow.ShardInput;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Batch API mode of the teacher: requests for a shard's missing completions go out as one
 * batch, and its results land in the completion store. A request line asks for missing samples of
 * one question as the online path does ({@link CompletionBroker#requestsFor}: all of them, or with
 * a seed one line per run of consecutive samples, seeded as vLLM seeds choices); its {@code
 * custom_id} is {@code <row>:<sample,sample,...>}.
 *
 * <p>The batch id of each submission round is recorded in the store beside the stage, so a retried
 * {@link #submit} finds the batch its earlier attempt created instead of paying for a second one.
 */
public class BatchActivitiesImpl implements BatchActivities {
  private final StageRuns runs;
  private final ArtifactStore store;
  private final BlobStore blobs;
  private final StageServices services;

  public BatchActivitiesImpl(
      ArtifactStore store,
      StageRegistry stages,
      StageServices services,
      String workerIdentity,
      String distilleryVersion) {
    this.runs = new StageRuns(store, stages, workerIdentity, distilleryVersion);
    this.store = store;
    this.blobs = store.blobs();
    this.services = services;
  }

  @Override
  public BatchSubmission submit(ShardInput shard, int round) {
    PlannedStage planned = shard.stage().stage();
    ObjectNode p = planned.params();
    String ticketKey = ticketKey(shard, round);
    try {
      Optional<byte[]> ticket = blobs.get(ticketKey);
      if (ticket.isPresent()) {
        String[] fields = new String(ticket.get(), StandardCharsets.UTF_8).split(" ");
        return new BatchSubmission(
            fields[0], Integer.parseInt(fields[1]), Long.parseLong(fields[2]));
      }
      CompletionBroker completions = services.completions();
      String endpoint = p.get("base_url").asText();
      List<BatchRequestLine> lines = new ArrayList<>();
      long wanted = 0;
      long row = shard.from();
      for (ObjectNode question : questions(shard)) {
        ChatRequest request = TeacherStage.request(p, question);
        List<Integer> missing = completions.missingSamples(endpoint, request);
        for (SampleRequest part : CompletionBroker.requestsFor(request, missing)) {
          lines.add(
              new BatchRequestLine(
                  row
                      + ":"
                      + String.join(",", part.samples().stream().map(String::valueOf).toList()),
                  part.request()));
          wanted += part.samples().size();
        }
        row++;
      }
      if (lines.isEmpty()) {
        return new BatchSubmission(null, 0, 0);
      }
      try (OpenAiBatchClient client = client(planned)) {
        BatchJob job = client.create(client.uploadRequests(lines));
        blobs.put(
            ticketKey,
            (job.id() + " " + lines.size() + " " + wanted).getBytes(StandardCharsets.UTF_8));
        return new BatchSubmission(job.id(), lines.size(), wanted);
      }
    } catch (Exception e) {
      throw StageRuns.endpointFailure(e);
    }
  }

  @Override
  public BatchState poll(ShardInput shard, String batchId) {
    try (OpenAiBatchClient client = client(shard.stage().stage())) {
      BatchJob job = client.retrieve(batchId);
      return new BatchState(
          job.status(), job.total(), job.completed(), job.failed(), job.terminal());
    } catch (Exception e) {
      throw StageRuns.endpointFailure(e);
    }
  }

  @Override
  public BatchState await(ShardInput shard, String batchId) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    long pollMillis =
        1000L * Math.max(1, shard.stage().stage().params().path("batch_poll_seconds").asLong(60));
    Duration heartbeatTimeout = activity.getInfo().getHeartbeatTimeout();
    long heartbeatMillis =
        heartbeatTimeout.isZero() ? pollMillis : Math.max(100, heartbeatTimeout.toMillis() / 3);
    try (OpenAiBatchClient client = client(shard.stage().stage())) {
      while (true) {
        BatchJob job = client.retrieve(batchId);
        BatchState state =
            new BatchState(
                job.status(), job.total(), job.completed(), job.failed(), job.terminal());
        activity.heartbeat(state);
        if (state.terminal()) {
          return state;
        }
        for (long waited = 0; waited < pollMillis; waited += heartbeatMillis) {
          Thread.sleep(Math.min(heartbeatMillis, pollMillis - waited));
          activity.heartbeat(state); // Throws when the activity was cancelled.
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StageRuns.failure(e);
    } catch (ActivityCompletionException e) {
      throw e;
    } catch (Exception e) {
      throw StageRuns.endpointFailure(e);
    }
  }

  @Override
  public BatchCollected collect(ShardInput shard, String batchId) {
    PlannedStage planned = shard.stage().stage();
    ObjectNode p = planned.params();
    String endpoint = p.get("base_url").asText();
    try (OpenAiBatchClient client = client(planned)) {
      List<ObjectNode> questions = questions(shard);
      List<BatchResultLine> results = client.results(client.retrieve(batchId));
      long stored = 0;
      long missing = 0;
      TreeMap<String, Long> errors = new TreeMap<>();
      for (BatchResultLine line : results) {
        int colon = line.customId().indexOf(':');
        long row = Long.parseLong(line.customId().substring(0, colon));
        List<Integer> samples =
            List.of(line.customId().substring(colon + 1).split(",")).stream()
                .map(Integer::valueOf)
                .toList();
        if (!line.succeeded() || line.response().choices().size() < samples.size()) {
          missing += samples.size();
          errors.merge(
              line.errorCode() == null ? "short_response" : line.errorCode(), 1L, Long::sum);
          continue;
        }
        ChatRequest request = TeacherStage.request(p, questions.get((int) (row - shard.from())));
        int count = samples.size();
        for (int j = 0; j < count; j++) {
          ChatChoice choice = line.response().choices().get(j);
          services
              .completions()
              .put(
                  endpoint,
                  request,
                  samples.get(j),
                  new Completion(
                      samples.get(j),
                      choice.reasoning(),
                      choice.content(),
                      choice.finishReason(),
                      line.response().promptTokens() / count,
                      line.response().completionTokens() / count,
                      0,
                      false));
          stored++;
        }
      }
      return new BatchCollected(stored, missing, errors.toString());
    } catch (Exception e) {
      throw StageRuns.endpointFailure(e);
    }
  }

  private List<ObjectNode> questions(ShardInput shard) throws Exception {
    PlannedStage planned = shard.stage().stage();
    List<ObjectNode> rows = new ArrayList<>();
    new ManifestInput(store, runs.inputs(planned).get(0), shard.from(), shard.to())
        .forEach(rows::add);
    return rows;
  }

  private OpenAiBatchClient client(PlannedStage planned) throws Exception {
    EndpointSpec endpoint =
        TeacherStage.endpoint(planned.id(), planned.params(), services.environment());
    return services.chatClients().batch(endpoint);
  }

  private String ticketKey(ShardInput shard, int round) {
    return shard.stage().stage().ref().folder()
        + "/batches/"
        + shard.from()
        + "-"
        + shard.to()
        + "-round-"
        + round
        + ".txt";
  }
}
