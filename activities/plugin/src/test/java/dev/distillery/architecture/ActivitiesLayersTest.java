package dev.distillery.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of {@code activities}' nested modules in layers, lowest first: {@code json} (in
 * {@code workflows}), {@code http}, {@code text}, {@code arithmetic}; {@code grading}, {@code
 * training}, {@code download} and the artifact {@code store}; the LLM client ({@code llm}); the
 * stage contracts and kinds ({@code stages}); the Temporal activity adapters ({@code activity});
 * the {@code plugin} that wires them. The simulator ({@code llm.simulated}) is demo and test
 * support: only the plugin (and the workers' wiring) may use it. The {@code workflows} module is
 * below them all and depends on none of them. Maven already refuses a cycle between the modules
 * ({@code store}, {@code text}, {@code grading}, {@code llm}, {@code simulator}, {@code stages},
 * {@code plugin}); this test checks the packages inside them, on every module's classes at once.
 */
@AnalyzeClasses(packages = "dev.distillery", importOptions = DoNotIncludeTestJars.class)
class ActivitiesLayersTest {
  private static final String[] BASICS = {"Json", "Http", "Text", "Arithmetic"};

  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Workflows")
          .definedBy(
              "dev.distillery.workflow..", "dev.distillery.plan..", "dev.distillery.recipe..")
          .layer("Json")
          .definedBy("dev.distillery.json..")
          .layer("Http")
          .definedBy("dev.distillery.http..")
          .layer("Text")
          .definedBy("dev.distillery.text..")
          .layer("Arithmetic")
          .definedBy("dev.distillery.arithmetic..")
          .layer("Grading")
          .definedBy("dev.distillery.grading..")
          .layer("Training")
          .definedBy("dev.distillery.training..")
          .layer("Download")
          .definedBy("dev.distillery.download..")
          .layer("Store")
          .definedBy("dev.distillery.store..")
          .layer("Llm")
          .definedBy("dev.distillery.llm")
          .layer("Simulator")
          .definedBy("dev.distillery.llm.simulated..")
          .layer("Stages")
          .definedBy("dev.distillery.stages..")
          .layer("Activity")
          .definedBy("dev.distillery.activity..")
          .layer("Plugin")
          .definedBy("dev.distillery.plugin..")
          .whereLayer("Workflows")
          .mayNotAccessAnyLayer()
          .whereLayer("Json")
          .mayNotAccessAnyLayer()
          .whereLayer("Http")
          .mayOnlyAccessLayers("Json")
          .whereLayer("Text")
          .mayNotAccessAnyLayer()
          .whereLayer("Arithmetic")
          .mayNotAccessAnyLayer()
          .whereLayer("Grading")
          .mayOnlyAccessLayers(concat(BASICS))
          .whereLayer("Training")
          .mayOnlyAccessLayers(concat(BASICS))
          .whereLayer("Download")
          .mayOnlyAccessLayers(concat(BASICS))
          .whereLayer("Store")
          .mayOnlyAccessLayers(concat(BASICS, "Workflows"))
          .whereLayer("Llm")
          .mayOnlyAccessLayers(concat(BASICS, "Store", "Workflows"))
          .whereLayer("Simulator")
          .mayOnlyAccessLayers(concat(BASICS, "Llm", "Grading"))
          .whereLayer("Simulator")
          .mayOnlyBeAccessedByLayers("Plugin")
          .whereLayer("Stages")
          .mayOnlyAccessLayers(
              concat(BASICS, "Grading", "Training", "Download", "Store", "Llm", "Workflows"))
          .whereLayer("Activity")
          .mayOnlyAccessLayers(
              concat(
                  BASICS, "Grading", "Training", "Download", "Store", "Llm", "Stages", "Workflows"))
          .whereLayer("Plugin")
          .mayOnlyAccessLayers(
              concat(
                  BASICS,
                  "Grading",
                  "Training",
                  "Download",
                  "Store",
                  "Llm",
                  "Simulator",
                  "Stages",
                  "Activity",
                  "Workflows"));

  @ArchTest
  static final ArchRule noCyclesBetweenTopLevelPackages =
      slices().matching("dev.distillery.(*)..").should().beFreeOfCycles();

  /**
   * No cycles between single packages either: the stage contracts and the helpers every stage
   * builds on ({@code Stage}, {@code StageContext}, {@code Rows}, {@code OrderedCompletions}, ...)
   * live in {@code stages.core}, below both the built-in kinds in {@code stages} and their helpers
   * in {@code stages.files} and {@code stages.scoring}.
   */
  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      slices().matching("dev.distillery.(**)").should().beFreeOfCycles();

  private static String[] concat(String[] first, String... rest) {
    String[] all = new String[first.length + rest.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }
}
