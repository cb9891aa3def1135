package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a recipe mapping and builds the {@link Recipe}, reporting every problem found.
 *
 * <p>It is long because it walks the whole recipe mapping once, checking every key with a located
 * message and hint.
 */
final class RecipeValidator {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /** The top-level keys of a recipe. */
  static final List<String> KEYS = List.of("recipe", "description", "stages");

  private static final List<String> STAGE_KEYS = List.of("id", "kind", "params", "inputs", "retry");
  private static final List<String> RETRY_KEYS = List.of("max_attempts", "timeout_minutes");

  private final Diagnostics d;

  /** Stage id to kind name (null when the kind is missing or unknown), in file order. */
  private final Map<String, String> kinds = new LinkedHashMap<>();

  RecipeValidator(Diagnostics d) {
    this.d = d;
  }

  /** Stage ids found, with their kind names, even when the recipe has problems. */
  Map<String, String> kinds() {
    return kinds;
  }

  /**
   * Validates the recipe at {@code pointer}.
   *
   * @return the recipe, or null when a problem was reported
   */
  Recipe validate(JsonNode node, String pointer) {
    int before = d.count();
    if (!node.isObject()) {
      d.at(
          pointer,
          "a recipe must be a mapping, got " + Diagnostics.describe(node),
          "start with `recipe: <name>` and a `stages:` list");
      return null;
    }
    unknownKeys(node, pointer, KEYS, "recipe");
    String name =
        string(node, pointer, "recipe", true, "add `recipe: <name>` at the top", "the recipe");
    String description = string(node, pointer, "description", false, "", "the recipe");
    JsonNode stagesNode = node.get("stages");
    String sp = pointer + "/stages";
    List<StageSpec> stages = new ArrayList<>();
    if (stagesNode == null) {
      // A misspelt 'stages' was reported as an unknown key with a "did you mean" hint already.
      if (misspelt(node, "stages")) {
        return null;
      }
      d.at(
          pointer,
          "the recipe is missing required key 'stages'",
          "add a `stages:` list; each stage needs an `id` and a `kind`");
    } else if (!stagesNode.isArray()) {
      d.at(
          sp,
          "'stages' must be a list, got " + Diagnostics.describe(stagesNode),
          "write each stage as a list item: `- id: ...`");
    } else if (stagesNode.isEmpty()) {
      d.at(sp, "'stages' is empty", "add at least one stage");
    } else {
      Map<String, Integer> positions = collectIds(stagesNode, sp);
      String previous = null;
      for (int i = 0; i < stagesNode.size(); i++) {
        StageSpec stage = stage(stagesNode.get(i), sp + "/" + i, i, positions, previous);
        if (stage != null) {
          stages.add(stage);
        }
        JsonNode id = stagesNode.get(i).get("id");
        previous = id != null && id.isTextual() ? id.asText() : null;
      }
    }
    return d.count() == before
        ? new Recipe(name, description == null ? "" : description, stages)
        : null;
  }

  /** Whether some key of {@code node} is a near miss of {@code key}. */
  private static boolean misspelt(JsonNode node, String key) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals(key) && Suggest.closest(name, KEYS).filter(key::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** First pass: every stage id to its position, so that inputs can tell "later" from "unknown". */
  private Map<String, Integer> collectIds(JsonNode stages, String sp) {
    Map<String, Integer> positions = new LinkedHashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      JsonNode id = stages.get(i).get("id");
      if (id == null || !id.isTextual()) {
        continue;
      }
      String p = sp + "/" + i + "/id";
      Integer first = positions.putIfAbsent(id.asText(), i);
      if (first != null) {
        d.at(
            p,
            "duplicate stage id '" + id.asText() + "'",
            "stage ids must be unique; '"
                + id.asText()
                + "' is already used at line "
                + d.line(sp + "/" + first + "/id"));
      } else {
        JsonNode kind = stages.get(i).get("kind");
        kinds.put(id.asText(), kind != null && kind.isTextual() ? kind.asText() : null);
      }
    }
    return positions;
  }

  private StageSpec stage(
      JsonNode node, String sp, int index, Map<String, Integer> positions, String previous) {
    int before = d.count();
    if (!node.isObject()) {
      d.at(
          sp,
          "stage #" + (index + 1) + " must be a mapping, got " + Diagnostics.describe(node),
          "write a stage as `- id: <id>` followed by `kind: <kind>`");
      return null;
    }
    unknownKeys(node, sp, STAGE_KEYS, "stage");
    String label = "stage #" + (index + 1);
    String id =
        string(node, sp, "id", true, "give every stage an `id:` such as `id: source`", label);
    if (id != null) {
      label = "stage '" + id + "'";
      if (!ID.matcher(id).matches()) {
        d.at(
            sp + "/id",
            "invalid stage id '" + id + "'",
            "use lowercase letters, digits, '-' and '_', starting with a letter or digit");
      }
    }
    String kindName =
        string(
            node, sp, "kind", true, "valid kinds: " + String.join(", ", StageKinds.names()), label);
    StageKind kind = null;
    if (kindName != null) {
      kind = StageKinds.find(kindName).orElse(null);
      if (kind == null) {
        d.at(
            sp + "/kind",
            "unknown stage kind '" + kindName + "'",
            Suggest.hint(kindName, StageKinds.names(), "kinds"));
      }
    }
    ObjectNode params =
        kind == null
            ? null
            : ParamChecker.check(kind, node.get("params"), sp + "/params", label, d);
    List<String> inputs = inputs(node, sp, index, kind, label, id, positions, previous);
    RetrySpec retry =
        retry(
            node.get("retry"),
            sp + "/retry",
            label,
            RetrySpec.defaultFor(kind == null ? "" : kind.name()));
    if (d.count() != before || id == null || kind == null || params == null) {
      return null;
    }
    modelChecks(kind.name(), params, inputs, sp, label);
    if (d.count() != before) {
      return null;
    }
    return new StageSpec(id, kind.name(), params, inputs, retry);
  }

  /**
   * The checks between params and inputs of the stages that train and score models: an {@code eval}
   * scores either the model of its input {@code train} stage or the endpoint it names, and a
   * fine-tuning API needs its URL.
   */
  private void modelChecks(
      String kind, ObjectNode params, List<String> inputs, String sp, String label) {
    if ("train".equals(kind)
        && "openai-finetune".equals(params.path("trainer").asText())
        && !params.hasNonNull("base_url")) {
      d.at(
          sp + "/params",
          label + " uses trainer openai-finetune but names no base_url",
          "add `base_url: https://api.openai.com/v1` (or your host's fine-tuning API) and"
              + " `api_key_env`");
    }
    if (!"eval".equals(kind)) {
      return;
    }
    if (inputs.isEmpty()) {
      for (String needed : List.of("base_url", "model")) {
        if (!params.hasNonNull(needed)) {
          d.at(
              sp + "/params",
              label + " names no " + needed + " and reads no train stage",
              "give `base_url` and `model` of the endpoint to score, or put the eval after a"
                  + " `train` stage (or `inputs: [<train stage>]`) to score its model");
          return;
        }
      }
      if (params.hasNonNull("serve")) {
        d.at(
            sp + "/params/serve",
            label + " serves a model but reads no train stage",
            "remove `serve`, or name a `train` stage in `inputs:`");
      }
      return;
    }
    String input = inputs.get(0);
    if (!"train".equals(kinds.get(input))) {
      d.at(
          sp + "/inputs",
          label + " reads stage '" + input + "', which is not a train stage",
          "an eval scores the model of a `train` stage; name one in `inputs:`, or give no inputs"
              + " and name `base_url` and `model`");
      return;
    }
    for (String own : List.of("base_url", "model")) {
      if (params.hasNonNull(own)) {
        d.at(
            sp + "/params/" + own,
            label + " names " + own + " but scores the model of train stage '" + input + "'",
            "remove `" + own + "`: the train stage's manifest names its model and endpoint");
      }
    }
  }

  private List<String> inputs(
      JsonNode node,
      String sp,
      int index,
      StageKind kind,
      String label,
      String id,
      Map<String, Integer> positions,
      String previous) {
    JsonNode in = node.get("inputs");
    String ip = sp + "/inputs";
    List<String> inputs = new ArrayList<>();
    if (in == null) {
      // Sources read nothing; every other stage reads the stage above it unless told otherwise.
      // An eval reads the stage above only when that is a train stage (whose model it scores).
      boolean takesInputs =
          kind == null
              || kind.minInputs() > 0
              || (kind.maxInputs() > 0 && "train".equals(kinds.get(previous)));
      if (takesInputs && previous != null) {
        inputs.add(previous);
      }
    } else if (!in.isArray()) {
      d.at(
          ip,
          "'inputs' of " + label + " must be a list of stage ids, got " + Diagnostics.describe(in),
          "write `inputs: [stage-a, stage-b]`");
      return inputs;
    } else {
      List<String> earlier =
          positions.entrySet().stream()
              .filter(e -> e.getValue() < index)
              .map(Map.Entry::getKey)
              .toList();
      for (int j = 0; j < in.size(); j++) {
        JsonNode ref = in.get(j);
        String p = ip + "/" + j;
        if (!ref.isTextual()) {
          d.at(
              p,
              "an input of " + label + " must be a stage id, got " + Diagnostics.describe(ref),
              "write `inputs: [stage-a, stage-b]`");
          continue;
        }
        String target = ref.asText();
        Integer at = positions.get(target);
        if (target.equals(id)) {
          d.at(p, label + " cannot read itself", "name an earlier stage in `inputs:`");
        } else if (at == null) {
          d.at(
              p,
              label + " reads unknown stage '" + target + "'",
              earlier.isEmpty()
                  ? "there are no earlier stages to read"
                  : Suggest.hint(target, earlier, "earlier stages"));
        } else if (at > index) {
          d.at(
              p,
              label + " reads stage '" + target + "', which comes later",
              "inputs must name earlier stages; move '" + target + "' above " + label);
        } else if (inputs.contains(target)) {
          d.at(p, label + " lists input '" + target + "' twice", "name each input once");
        } else {
          inputs.add(target);
        }
      }
    }
    if (kind != null) {
      int n = in == null ? inputs.size() : in.size();
      String where = in == null ? sp + "/kind" : ip;
      if (kind.maxInputs() == 0 && n > 0) {
        d.at(
            where,
            label + " has " + n + " input(s), but stage kind '" + kind.name() + "' takes none",
            "remove `inputs:`; a '" + kind.name() + "' stage starts a pipeline");
      } else if (n < kind.minInputs() || n > kind.maxInputs()) {
        String range =
            kind.minInputs() == kind.maxInputs()
                ? "exactly " + kind.minInputs()
                : kind.minInputs() + " to " + kind.maxInputs();
        d.at(
            where,
            label + " has " + n + " input(s), but stage kind '" + kind.name() + "' needs " + range,
            in == null
                ? "put a source stage before it, or name its inputs with `inputs: [...]`"
                : "name " + range + " earlier stage(s) in `inputs:`");
      }
    }
    return inputs;
  }

  private RetrySpec retry(JsonNode node, String rp, String label, RetrySpec defaults) {
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      d.at(
          rp,
          "'retry' of " + label + " must be a mapping, got " + Diagnostics.describe(node),
          "write `retry: {max_attempts: 3, timeout_minutes: 30}`");
      return defaults;
    }
    unknownKeys(node, rp, RETRY_KEYS, "retry");
    int attempts = positiveInt(node, rp, "max_attempts", defaults.maxAttempts(), label);
    int minutes = positiveInt(node, rp, "timeout_minutes", defaults.timeoutMinutes(), label);
    return new RetrySpec(attempts, minutes);
  }

  private int positiveInt(JsonNode node, String rp, String key, int fallback, String label) {
    JsonNode v = node.get(key);
    if (v == null) {
      return fallback;
    }
    JsonNode n = ParamChecker.coerce(ParamType.INTEGER, v);
    if (n == null || !n.canConvertToInt() || n.intValue() < 1) {
      d.at(
          rp + "/" + key,
          "'"
              + key
              + "' in the retry of "
              + label
              + " must be an integer >= 1, got "
              + Diagnostics.describe(v),
          "for example `" + key + ": " + fallback + "`");
      return fallback;
    }
    return n.intValue();
  }

  private String string(
      JsonNode node, String pointer, String key, boolean required, String hint, String owner) {
    JsonNode v = node.get(key);
    if (v == null || (v.isNull() && !required)) {
      if (required) {
        d.at(pointer, owner + " is missing required key '" + key + "'", hint);
      }
      return null;
    }
    if (!v.isTextual()) {
      d.at(
          pointer + "/" + key,
          "'" + key + "' must be a string, got " + Diagnostics.describe(v),
          hint);
      return null;
    }
    return v.asText();
  }

  /** Reports every key of {@code node} that is not in {@code allowed}. */
  void unknownKeys(JsonNode node, String pointer, List<String> allowed, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        d.atKey(
            pointer + "/" + YamlTreeReader.escape(key),
            "unknown key '" + key + "' in " + where,
            Suggest.hint(key, allowed, "keys"));
      }
    }
  }
}
