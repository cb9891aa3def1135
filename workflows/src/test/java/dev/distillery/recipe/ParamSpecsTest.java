package dev.distillery.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A params record gives the kind's param list: names in snake case, types from the Java types,
 * defaults as recipes would write them, required and tuning flags; and a stage's params read back
 * as the record.
 */
class ParamSpecsTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Params of a made-up kind, one of each type. */
  record Sample(
      @Param(doc = "rows", required = true) Long total,
      @Param(doc = "method", defaultValue = "exact") String method,
      @Param(doc = "threshold", defaultValue = "90") Double threshold,
      @Param(doc = "keep", defaultValue = "1.0") Double keep,
      @Param(doc = "flag", defaultValue = "true") Boolean dropTruncated,
      @Param(doc = "fields", defaultValue = "[\"question\",\"problem\"]")
          List<String> questionFields,
      @Param(doc = "names", defaultValue = "{\"question\":\"question\"}")
          Map<String, String> fields,
      @Param(doc = "weights") Map<String, Double> weights,
      @Param(doc = "overrides") Map<String, Object> overrides,
      @Param(doc = "sha", tuning = true) String filesSha256) {}

  /** A record with a component that is no param. */
  record Unannotated(@Param(doc = "fine") String fine, Integer forgotten) {}

  /** Shared params, inlined by {@link WithGroup}. */
  record Limits(
      @Param(doc = "in flight", defaultValue = "8", tuning = true, min = 1) Integer concurrency,
      @Param(doc = "retries", defaultValue = "6", tuning = true, min = 0) Integer maxRetries) {}

  /** Params with a group in the middle and a check of each kind. */
  record WithGroup(
      @Param(doc = "url", endpointUrl = true) String baseUrl,
      @ParamGroup Limits limits,
      @Param(
              doc = "order",
              defaultValue = "longest",
              oneOf = {"longest", "shortest"})
          String order,
      @Param(doc = "keep", fraction = true) Double keep,
      @Param(doc = "threshold", percent = true) Double threshold,
      @Param(doc = "temperature", min = 0) Double temperature,
      @Param(doc = "caps", nonNegativeValues = true) Map<String, Double> caps,
      @Param(doc = "name", safeName = true) String datasetName,
      @Param(
              doc = "prompt",
              placeholders = {"question", "id"},
              requiredPlaceholder = "question")
          String promptTemplate) {}

  /** A group that declares a param its record declares too. */
  record Clash(@Param(doc = "again") Integer concurrency, @ParamGroup Limits limits) {}

  /** Params that name files, around a group. */
  record Files(
      @Param(doc = "path", file = true) String path,
      @ParamGroup Limits limits,
      @Param(doc = "more", file = true) List<String> more,
      @Param(doc = "plain") String plain) {}

  /** A file param that cannot name a file. */
  record NumberFile(@Param(doc = "n", file = true) Integer n) {}

  /** A check that does not fit the param's type. */
  record MisplacedCheck(
      @Param(
              doc = "n",
              oneOf = {"a"})
          Integer n) {}

  /** A record with a type no param has. */
  record BadType(@Param(doc = "a char") Character letter) {}

  @Test
  void theRecordGivesTheParamList() {
    List<ParamSpec> params = ParamSpecs.of(Sample.class);

    assertEquals(
        List.of(
            new ParamSpec("total", ParamType.INTEGER, true, null, true, "rows"),
            new ParamSpec("method", ParamType.STRING, false, F.textNode("exact"), true, "method"),
            new ParamSpec(
                "threshold", ParamType.NUMBER, false, F.numberNode(90), true, "threshold"),
            new ParamSpec("keep", ParamType.NUMBER, false, F.numberNode(1.0), true, "keep"),
            new ParamSpec(
                "drop_truncated", ParamType.BOOLEAN, false, F.booleanNode(true), true, "flag"),
            new ParamSpec(
                "question_fields",
                ParamType.STRING_LIST,
                false,
                F.arrayNode().add("question").add("problem"),
                true,
                "fields"),
            new ParamSpec(
                "fields",
                ParamType.STRING_MAP,
                false,
                F.objectNode().put("question", "question"),
                true,
                "names"),
            new ParamSpec("weights", ParamType.NUMBER_MAP, false, null, true, "weights"),
            new ParamSpec("overrides", ParamType.SCALAR_MAP, false, null, true, "overrides"),
            new ParamSpec("files_sha256", ParamType.STRING, false, null, false, "sha")),
        params);
    // The node types of defaults match what the catalogue held before (1.0 a double, 90 an int).
    assertTrue(params.get(3).defaultValue().isDouble());
    assertTrue(params.get(2).defaultValue().isInt());
  }

  @Test
  void aStagesParamsReadAsTheRecord() throws Exception {
    Sample sample =
        ParamSpecs.read(
            new ObjectMapper()
                .readTree(
                    "{\"total\": 3000000000, \"method\": \"fuzzy\", \"drop_truncated\": false,"
                        + " \"question_fields\": [\"q\"], \"weights\": {\"a\": 0.5},"
                        + " \"base_dir\": \"/tmp\", \"threshold\": 75}"),
            Sample.class);

    assertEquals(3_000_000_000L, sample.total());
    assertEquals("fuzzy", sample.method());
    assertEquals(75.0, sample.threshold());
    assertEquals(false, sample.dropTruncated());
    assertEquals(List.of("q"), sample.questionFields());
    assertEquals(Map.of("a", 0.5), sample.weights());
    assertNull(sample.keep());
  }

  @Test
  void aComponentWithoutParamOrWithAnUnknownTypeIsNamed() {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> ParamSpecs.of(Unannotated.class));
    assertEquals("Unannotated.forgotten has no @Param", missing.getMessage());
    IllegalArgumentException type =
        assertThrows(IllegalArgumentException.class, () -> ParamSpecs.of(BadType.class));
    assertTrue(
        type.getMessage().startsWith("BadType.letter is a java.lang.Character"), type.getMessage());
  }

  @Test
  void aGroupsParamsAreInlinedAtItsPlaceAndReadBackIntoIt() throws Exception {
    List<String> names = ParamSpecs.of(WithGroup.class).stream().map(ParamSpec::name).toList();
    assertEquals(
        List.of(
            "base_url",
            "concurrency",
            "max_retries",
            "order",
            "keep",
            "threshold",
            "temperature",
            "caps",
            "dataset_name",
            "prompt_template"),
        names);
    assertEquals(
        new ParamSpec("max_retries", ParamType.INTEGER, false, F.numberNode(6), false, "retries"),
        ParamSpecs.of(WithGroup.class).get(2));

    WithGroup read =
        ParamSpecs.read(
            new ObjectMapper()
                .readTree(
                    "{\"base_url\": \"http://h\", \"concurrency\": 3, \"order\": \"shortest\"}"),
            WithGroup.class);

    assertEquals(new Limits(3, null), read.limits());
    assertEquals("shortest", read.order());
  }

  @Test
  void theAttributesGiveTheRulesOfTheFactories() {
    List<String> rules =
        ParamSpecs.rules(WithGroup.class).stream()
            .map(r -> r.param() + " must be " + r.requirement())
            .toList();

    assertEquals(
        List.of(
                ParamRule.endpointUrl("base_url"),
                ParamRule.atLeast("concurrency", 1),
                ParamRule.atLeast("max_retries", 0),
                ParamRule.oneOf("order", "longest", "shortest"),
                ParamRule.fraction("keep"),
                ParamRule.percent("threshold"),
                ParamRule.nonNegative("temperature"),
                ParamRule.nonNegativeValues("caps"),
                ParamRule.safeName("dataset_name"),
                ParamRule.template("prompt_template", List.of("question", "id"), "question"))
            .stream()
            .map(r -> r.param() + " must be " + r.requirement())
            .toList(),
        rules);
    ParamRule temperature = ParamSpecs.rules(WithGroup.class).get(6);
    assertTrue(temperature.accepts().test(F.numberNode(0.5)));
    assertFalse(temperature.accepts().test(F.numberNode(-0.5)));
    ParamRule order = ParamSpecs.rules(WithGroup.class).get(3);
    assertFalse(order.accepts().test(F.textNode("middle")));
  }

  @Test
  void aClashingGroupOrAMisplacedCheckIsNamed() {
    IllegalArgumentException clash =
        assertThrows(IllegalArgumentException.class, () -> ParamSpecs.of(Clash.class));
    assertEquals("Clash declares the param concurrency twice", clash.getMessage());
    IllegalArgumentException misplaced =
        assertThrows(IllegalArgumentException.class, () -> ParamSpecs.rules(MisplacedCheck.class));
    assertEquals("MisplacedCheck.n: @Param(oneOf) does not fit its type", misplaced.getMessage());
  }

  @Test
  void theParamsMarkedFileAreTheFileParamsInOrder() {
    assertEquals(List.of("path", "more"), ParamSpecs.fileParams(Files.class));
    IllegalArgumentException number =
        assertThrows(IllegalArgumentException.class, () -> ParamSpecs.fileParams(NumberFile.class));
    assertEquals("NumberFile.n: @Param(file) does not fit its type", number.getMessage());
  }
}
