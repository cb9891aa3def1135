package dev.distillery.activity;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepStoreKeys;
import dev.distillery.store.BlobStore;
import dev.distillery.workflow.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The histories of a sweep's workflows (the sweep, its experiments and their stages) in Temporal's
 * JSON history format ({@code {"events": [...]}}, which the Temporal UI imports and {@link
 * WorkflowExecutionHistory#fromJson} reads), kept in the store at {@link SweepStoreKeys#history} so
 * that an audit outlives the server's memory.
 */
public final class SweepHistories {
  private final WorkflowClient client;
  private final BlobStore blobs;

  /**
   * @param client the Temporal client histories are fetched with; null to read the store only
   * @param blobs the store
   */
  public SweepHistories(WorkflowClient client, BlobStore blobs) {
    this.client = client;
    this.blobs = blobs;
  }

  /**
   * The ids of a sweep's workflows: the sweep, then each experiment of {@code plan} and then their
   * stages, each once; only the given experiments and their stages when {@code experiments} is not
   * empty.
   */
  public static List<String> workflowIds(SweepPlan plan, Collection<String> experiments) {
    Set<String> ids = new LinkedHashSet<>();
    Set<String> stages = new LinkedHashSet<>();
    if (experiments.isEmpty()) {
      ids.add(WorkflowIds.sweep(plan.sweep()));
    }
    for (ExperimentPlan e : plan.experiments()) {
      if (experiments.isEmpty() || experiments.contains(e.name())) {
        ids.add(WorkflowIds.experiment(plan.sweep(), e.name()));
        for (PlannedStage stage : e.stages()) {
          stages.add(WorkflowIds.stage(stage.ref()));
        }
      }
    }
    ids.addAll(stages);
    return List.copyOf(ids);
  }

  /**
   * Fetches every run the server knows of each of the sweep's workflows and stores it, several
   * workflows at once on {@code pool}, calling {@code progress} after each workflow (an activity
   * heartbeats there).
   *
   * @return how many runs were stored
   */
  public int keep(SweepPlan plan, ExecutorService pool, Runnable progress) throws IOException {
    List<Future<Integer>> workflows = new ArrayList<>();
    for (String id : workflowIds(plan, List.of())) {
      workflows.add(pool.submit(() -> keep(plan.sweep(), id)));
    }
    int stored = 0;
    try {
      for (Future<Integer> workflow : workflows) {
        stored += workflow.get();
        progress.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing the histories of " + plan.sweep(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      workflows.forEach(f -> f.cancel(true));
    }
    return stored;
  }

  /**
   * Stores every run the server knows of one of {@code sweep}'s workflows, replacing earlier copies
   * of them (the sweep's own last run, say, stored as it stood while it was ending).
   *
   * @return how many runs were stored
   */
  public int keep(String sweep, String workflowId) throws IOException {
    List<WorkflowRun> runs = fetch(workflowId);
    for (WorkflowRun run : runs) {
      blobs.put(
          SweepStoreKeys.history(sweep, workflowId, run.runId()),
          run.history().toJson(true).getBytes(StandardCharsets.UTF_8));
    }
    return runs.size();
  }

  /**
   * Every run of {@code workflowId} the server knows, oldest first: the latest run and those it
   * continued as new from. Empty when the server does not know the workflow (a stage reused from
   * the store never ran one).
   */
  public List<WorkflowRun> fetch(String workflowId) {
    List<WorkflowRun> runs = new ArrayList<>();
    String runId = latestRun(workflowId);
    while (runId != null && !runId.isEmpty()) {
      WorkflowExecutionHistory history;
      try {
        history = client.fetchHistory(workflowId, runId);
      } catch (WorkflowNotFoundException e) {
        break; // Older runs past the server's retention.
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
        break;
      }
      if (history.getEvents().isEmpty()) {
        break;
      }
      runs.add(0, new WorkflowRun(runId, history));
      HistoryEvent first = history.getEvents().get(0);
      runId = first.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    }
    return runs;
  }

  /** The run id of the latest run of {@code workflowId}, or null when the server has none. */
  private String latestRun(String workflowId) {
    try {
      return client
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build())
          .getWorkflowExecutionInfo()
          .getExecution()
          .getRunId();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  /** The keys of the runs stored for {@code sweep}'s workflow {@code workflowId}, by run id. */
  public List<String> stored(String sweep, String workflowId) throws IOException {
    String folder = SweepStoreKeys.histories(sweep) + workflowId + "/";
    List<String> keys = new ArrayList<>();
    for (String key : blobs.list(folder)) {
      // Runs only: a workflow id may be a folder of others (the sweep's holds its experiments').
      if (key.indexOf('/', folder.length()) < 0 && key.endsWith(".json")) {
        keys.add(key);
      }
    }
    return keys;
  }
}
