package dev.distillery.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The {@code workflows} module's packages point one way: workflow code on plans, plans on the
 * recipe model, and no package cycles.
 */
@AnalyzeClasses(packages = "dev.distillery", importOptions = ImportOption.DoNotIncludeTests.class)
class WorkflowsLayersTest {
  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Workflow")
          .definedBy("dev.distillery.workflow..")
          .layer("Plan")
          .definedBy("dev.distillery.plan..")
          .layer("Recipe")
          .definedBy("dev.distillery.recipe..")
          .whereLayer("Workflow")
          .mayOnlyAccessLayers("Plan", "Recipe")
          .whereLayer("Plan")
          .mayOnlyAccessLayers("Recipe")
          .whereLayer("Recipe")
          .mayNotAccessAnyLayer();

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.distillery.(**)").should().beFreeOfCycles();
}
