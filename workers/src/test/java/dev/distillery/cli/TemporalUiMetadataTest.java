package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.DistillSearchAttributes;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import dev.distillery.workflow.WorkflowIds;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo sweep on the embedded stack: its sweep, experiment and stage workflows carry the search
 * attributes and metadata the Temporal UI lists, filters and shows.
 */
class TemporalUiMetadataTest {
  @TempDir Path home;

  @Test
  void sweepExperimentAndStageWorkflowsAreFindableAndReadable() throws Exception {
    try (SimulatedLlmServer llm = TestStacks.simulator(5);
        Stack stack = TestStacks.embedded(home, llm)) {
      stack.startWorker(8);
      SweepPlan plan = SweepFiles.plan(Path.of(CliHarness.repo("recipes/demo/sweep.yaml")));
      SweepClient sweeps = TestStacks.submit(stack, plan, new ExecutionSettings(30, 30));
      SweepResult result = sweeps.await(plan.sweep(), null);
      assertEquals(0, result.failed(), result.toString());

      SearchAttributes sweep =
          describe(stack, WorkflowIds.sweep("demo")).getTypedSearchAttributes();
      assertEquals("demo", sweep.get(DistillSearchAttributes.SWEEP));
      assertEquals("demo-arithmetic", sweep.get(DistillSearchAttributes.RECIPE));

      ExperimentPlan experiment = plan.experiments().get(1);
      WorkflowExecutionDescription described =
          describe(stack, WorkflowIds.experiment("demo", experiment.name()));
      SearchAttributes attributes = described.getTypedSearchAttributes();
      assertEquals("demo", attributes.get(DistillSearchAttributes.SWEEP));
      assertEquals(experiment.name(), attributes.get(DistillSearchAttributes.EXPERIMENT));
      assertEquals("demo-arithmetic", attributes.get(DistillSearchAttributes.RECIPE));
      List<String> axes = attributes.get(DistillSearchAttributes.AXIS);
      assertEquals(2, axes.size(), axes.toString());
      experiment
          .axisValues()
          .forEach((path, value) -> assertTrue(axes.contains(path + "=" + value), axes.toString()));
      assertEquals("eval", attributes.get(DistillSearchAttributes.STAGE), "the last stage");
      assertTrue(described.getStaticSummary().contains(experiment.name()));
      assertTrue(described.getStaticDetails().contains("Recipe `demo-arithmetic`"));
      experiment
          .axisValues()
          .forEach(
              (path, value) ->
                  assertTrue(
                      described.getStaticDetails().contains("`" + path + "` = " + value),
                      described.getStaticDetails()));

      // The export stage depends on every axis, so this experiment alone started it.
      PlannedStage export =
          experiment.stages().stream()
              .filter(s -> s.id().equals("export"))
              .findFirst()
              .orElseThrow();
      WorkflowExecutionDescription stage = describe(stack, WorkflowIds.stage(export.ref()));
      SearchAttributes stageAttributes = stage.getTypedSearchAttributes();
      assertEquals("demo", stageAttributes.get(DistillSearchAttributes.SWEEP));
      assertEquals(experiment.name(), stageAttributes.get(DistillSearchAttributes.EXPERIMENT));
      assertEquals("export", stageAttributes.get(DistillSearchAttributes.STAGE));
      assertEquals("export", stageAttributes.get(DistillSearchAttributes.STAGE_KIND));
      assertEquals("export " + export.ref().shortKey(), stage.getStaticSummary());
      assertTrue(stage.getStaticDetails().contains(export.key()), stage.getStaticDetails());

      StageResult exported =
          result.experiments().stream()
              .filter(e -> e.experiment().equals(experiment.name()))
              .map(ExperimentResult::stages)
              .flatMap(List::stream)
              .filter(s -> s.stageId().equals("export"))
              .findFirst()
              .orElseThrow();
      WorkflowMetadata metadata =
          stack
              .client()
              .newUntypedWorkflowStub(WorkflowIds.stage(export.ref()))
              .query("__temporal_workflow_metadata", WorkflowMetadata.class);
      assertTrue(
          metadata.getCurrentDetails().contains(exported.manifestUri()),
          metadata.getCurrentDetails());
    }
  }

  private static WorkflowExecutionDescription describe(Stack stack, String workflowId) {
    WorkflowStub stub = stack.client().newUntypedWorkflowStub(workflowId);
    return stub.describe();
  }
}
