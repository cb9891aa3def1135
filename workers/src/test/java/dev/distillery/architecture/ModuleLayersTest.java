package dev.distillery.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module graph points one way, {@code workers} -> {@code activities} -> {@code workflows}
 * (Kafka's "no one depends on the server"), checked on all three modules' classes together; inside
 * {@code workers}, commands on the worker wiring, the wiring on the embedded services, all of them
 * on the parsed configuration. The simulator is used only by the wiring that starts the demo.
 */
@AnalyzeClasses(packages = "dev.distillery", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleLayersTest {
  private static final String[] WORKFLOWS = {
    "dev.distillery.workflow..",
    "dev.distillery.plan..",
    "dev.distillery.recipe..",
    "dev.distillery.json.."
  };
  private static final String[] ACTIVITIES = {
    "dev.distillery.http..",
    "dev.distillery.text..",
    "dev.distillery.arithmetic..",
    "dev.distillery.grading..",
    "dev.distillery.training..",
    "dev.distillery.download..",
    "dev.distillery.store..",
    "dev.distillery.llm",
    "dev.distillery.stages..",
    "dev.distillery.activity..",
    "dev.distillery.plugin.."
  };

  @ArchTest
  static final ArchRule modules =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Workflows")
          .definedBy(WORKFLOWS)
          .layer("Activities")
          .definedBy(ACTIVITIES)
          .layer("Simulator")
          .definedBy("dev.distillery.llm.simulated..")
          .layer("Cli")
          .definedBy("dev.distillery.cli..")
          .layer("Report")
          .definedBy("dev.distillery.report..")
          .layer("Worker")
          .definedBy("dev.distillery.worker..")
          .layer("Embedded")
          .definedBy("dev.distillery.embedded..")
          .layer("Config")
          .definedBy("dev.distillery.config..")
          .whereLayer("Workflows")
          .mayNotAccessAnyLayer()
          .whereLayer("Activities")
          .mayOnlyAccessLayers("Workflows")
          .whereLayer("Simulator")
          .mayOnlyAccessLayers("Workflows", "Activities")
          .whereLayer("Simulator")
          .mayOnlyBeAccessedByLayers("Worker", "Embedded")
          .whereLayer("Config")
          .mayOnlyAccessLayers("Workflows", "Activities")
          .whereLayer("Embedded")
          .mayOnlyAccessLayers("Workflows", "Activities", "Simulator", "Config")
          .whereLayer("Worker")
          .mayOnlyAccessLayers("Workflows", "Activities", "Simulator", "Embedded", "Config")
          .whereLayer("Report")
          .mayOnlyAccessLayers("Workflows", "Activities")
          .whereLayer("Cli")
          .mayNotBeAccessedByAnyLayer();

  @ArchTest
  static final ArchRule noCyclesBetweenTopLevelPackages =
      slices().matching("dev.distillery.(*)..").should().beFreeOfCycles();
}
