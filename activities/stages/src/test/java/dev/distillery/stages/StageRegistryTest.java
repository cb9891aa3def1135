package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.recipe.KindCatalogueException;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.StageKindSpec;
import dev.distillery.recipe.StageKinds;
import dev.distillery.recipe.StageTraits;
import dev.distillery.stages.core.StageEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalogue and the implementations are one set: every kind the validator accepts has a stage a
 * worker can run, a kind with a spec but no implementation or two kinds with one name stop the
 * worker when it builds its registry, and each kind's traits are those that plans recorded before
 * traits were planned replay with.
 */
class StageRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StageEnvironment ENV = new StageEnvironment(Path.of("train"));

  @Test
  void everyKindInTheCatalogueHasAnImplementation() {
    StageRegistry registry = StageRegistry.builtIn();
    assertTrue(
        StageKinds.names().containsAll(List.of("source", "mix", "teacher", "train", "eval")),
        StageKinds.names().toString());
    for (String kind : StageKinds.names()) {
      assertTrue(registry.find(kind).isPresent(), kind);
    }
  }

  @Test
  void aKindWithASpecButNoImplementationStopsTheRegistry() {
    StageKindSpec specOnly =
        new StageKindSpec() {
          @Override
          public String name() {
            return "company-filter";
          }

          @Override
          public int version() {
            return 1;
          }

          @Override
          public String summary() {
            return "a spec without a stage";
          }

          @Override
          public int minInputs() {
            return 1;
          }

          @Override
          public int maxInputs() {
            return 1;
          }

          @Override
          public List<ParamSpec> params() {
            return List.of();
          }
        };

    KindCatalogueException e =
        assertThrows(
            KindCatalogueException.class,
            () -> StageRegistry.of(List.of(new MixKind(), specOnly), ENV));

    assertTrue(e.getMessage().startsWith("stage kind 'company-filter' ("), e.getMessage());
    assertTrue(e.getMessage().contains("has a spec but no implementation"), e.getMessage());
  }

  @Test
  void aKindClassWithoutItsKindAnnotationIsNamed() {
    StageKindDefinition unannotated = environment -> context -> {};

    KindCatalogueException e =
        assertThrows(
            KindCatalogueException.class, () -> StageRegistry.of(List.of(unannotated), ENV));

    assertTrue(
        e.getMessage().startsWith("stage kind class dev.distillery.stages."), e.getMessage());
    assertTrue(e.getMessage().contains(" has no @Kind: annotate it"), e.getMessage());
  }

  @Test
  void twoKindsWithOneNameStopTheRegistry() {
    KindCatalogueException e =
        assertThrows(
            KindCatalogueException.class,
            () -> StageRegistry.of(List.of(new MixKind(), new DedupKind(), new MixKind()), ENV));

    assertTrue(
        e.getMessage()
            .startsWith(
                "two stage kinds are named 'mix': dev.distillery.stages.MixKind and"
                    + " dev.distillery.stages.MixKind."),
        e.getMessage());
  }

  @Test
  void eachKindsTraitsAreThoseOldPlansReplayWith() throws Exception {
    List<String> params =
        List.of(
            "{}",
            "{\"serve\": \"vllm serve {model} --port {port}\"}",
            "{\"trainer\": \"command\"}",
            "{\"trainer\": \"openai-finetune\"}");
    for (StageKindSpec kind : StageKinds.specs()) {
      for (String json : params) {
        JsonNode p = JSON.readTree(json);
        assertEquals(
            StageTraits.beforePlannedTraits(kind.name(), p),
            kind.traits(p),
            kind.name() + " " + json);
      }
    }
    assertEquals(StageTraits.SHARDED, new TeacherKind().traits(JSON.readTree("{}")));
    assertEquals(StageTraits.SHARDED, new EvalKind().traits(JSON.readTree("{}")));
    assertEquals(StageTraits.GPU, new EvalKind().traits(JSON.readTree(params.get(1))));
    assertEquals(StageTraits.GPU, new TrainKind().traits(JSON.readTree(params.get(2))));
    assertEquals(StageTraits.FINE_TUNE, new TrainKind().traits(JSON.readTree(params.get(3))));
  }
}
