package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What recipes, the validator and the planner know of a stage kind: its name, version, params and
 * their checks, the files it reads and how its stages run. The kind's implementation extends this
 * contract on the activities side; {@link StageKinds} loads every kind on the class path with
 * {@link java.util.ServiceLoader}, built-in kinds and users' kinds alike (a {@code
 * META-INF/services/dev.distillery.recipe.StageKindSpec} entry naming the class).
 *
 * <p>Annotate the class with {@link Kind} (name, version, summary, inputs, params record), or
 * override the methods that read it. Bump the version whenever the same params and inputs would
 * give different output: it is part of every content address, so a bump recomputes the kind's
 * stages instead of reusing them.
 */
public interface StageKindSpec {
  /** The {@code kind} written in recipes, for example {@code dedup}; unique on the class path. */
  default String name() {
    return kind(this).name();
  }

  /** Part of every content address; bumped when the meaning of the kind's output changes. */
  default int version() {
    return kind(this).version();
  }

  /** One line for {@code distill kinds}, {@code --help} and the Temporal UI. */
  default String summary() {
    return kind(this).summary();
  }

  /** The fewest input stages; 0 for sources. */
  default int minInputs() {
    return kind(this).minInputs();
  }

  /** The most input stages; 0 for sources. */
  default int maxInputs() {
    return kind(this).maxInputs();
  }

  /**
   * The accepted params, defaults included: by default those of the {@link Kind#params} record.
   * Kinds with {@link #fileParams} also get {@code base_dir} from {@link StageKinds}.
   */
  default List<ParamSpec> params() {
    return ParamSpecs.of(kind(this).params());
  }

  /**
   * Checks on param values beyond their types: by default those the {@link Kind#params} record's
   * {@link Param} attributes declare ({@link ParamSpecs#rules}), none without {@link Kind}. Kinds
   * override it for checks no attribute expresses, adding to {@code StageKindSpec.super.rules()}.
   */
  default List<ParamRule> rules() {
    Kind kind = getClass().getAnnotation(Kind.class);
    return kind == null ? List.of() : ParamSpecs.rules(kind.params());
  }

  /**
   * The params that name files the kind's stages read (local paths or URIs): a path, a list of
   * them, or a mapping of names to them. The planner fingerprints the local ones, so that a changed
   * file gets a new content address: by default the {@link Kind#params} record's params marked
   * {@link Param#file}, none without {@link Kind}.
   */
  default List<String> fileParams() {
    Kind kind = getClass().getAnnotation(Kind.class);
    return kind == null ? List.of() : ParamSpecs.fileParams(kind.params());
  }

  /**
   * The retry and timeout policy of the kind's stages when the recipe sets none: {@link
   * RetrySpec#DEFAULT} unless one attempt may take hours (training, evaluation).
   */
  default RetrySpec defaultRetry() {
    return RetrySpec.DEFAULT;
  }

  /**
   * How a stage with these params runs; decided when the stage is planned and carried in its plan,
   * so that workflow code never looks kinds up. One activity on the stages task queue by default.
   *
   * @param params the stage's params, defaults filled in
   */
  default StageTraits traits(JsonNode params) {
    return StageTraits.NONE;
  }

  /** The {@link Kind} of {@code spec}'s class. */
  private static Kind kind(StageKindSpec spec) {
    Kind kind = spec.getClass().getAnnotation(Kind.class);
    if (kind == null) {
      throw new KindCatalogueException(
          "stage kind class "
              + spec.getClass().getName()
              + " has no @Kind: annotate it with its name, version, summary, inputs and params"
              + " record, or override name(), version(), summary(), minInputs(), maxInputs() and"
              + " params().");
    }
    return kind;
  }
}
