package dev.distillery.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests of a coding task, parsed from {@link CodeGrader}'s reference string.
 *
 * @param fnName the function functional tests call, or null when every test is a stdin test
 * @param tests the tests, in the order they run
 */
record CodeGraderReference(String fnName, List<CodeGraderCase> tests) {
  private static final ObjectMapper JSON = Json.mapper();
  private static final String FORMAT =
      "expected {\"tests\": [{\"input\": \"...\", \"output\": \"...\", \"testtype\":"
          + " \"stdin\" or \"functional\"}, ...], \"fn_name\": \"...\"} or LiveCodeBench's"
          + " input_output {\"inputs\": [...], \"outputs\": [...], \"fn_name\": \"...\"}";

  /** Parses a reference; a reference that is not one of the accepted forms is a caller's bug. */
  static CodeGraderReference parse(String reference) {
    JsonNode root;
    try {
      root = JSON.readTree(reference);
    } catch (JsonProcessingException e) {
      throw invalid("it is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw invalid("it is not a JSON object");
    }
    JsonNode name = root.has("fn_name") ? root.get("fn_name") : root.get("func_name");
    String fnName = name == null || name.isNull() || name.asText().isBlank() ? null : name.asText();
    List<CodeGraderCase> tests = new ArrayList<>();
    if (root.has("tests")) {
      for (JsonNode test : root.get("tests")) {
        String type = test.path("testtype").asText(fnName == null ? "stdin" : "functional");
        if (!type.equals("stdin") && !type.equals("functional")) {
          throw invalid("test " + (tests.size() + 1) + " has testtype '" + type + "'");
        }
        tests.add(test(fnName, text(test.get("input")), text(test.get("output")), type));
      }
    } else if (root.path("inputs").isArray() && root.path("outputs").isArray()) {
      JsonNode inputs = root.get("inputs");
      JsonNode outputs = root.get("outputs");
      if (inputs.size() != outputs.size()) {
        throw invalid(inputs.size() + " inputs but " + outputs.size() + " outputs");
      }
      for (int i = 0; i < inputs.size(); i++) {
        String type = fnName == null ? "stdin" : "functional";
        tests.add(test(fnName, text(inputs.get(i)), text(outputs.get(i)), type));
      }
    }
    if (tests.isEmpty()) {
      throw invalid("it has no tests");
    }
    return new CodeGraderReference(fnName, List.copyOf(tests));
  }

  private static CodeGraderCase test(String fnName, String input, String output, String type) {
    if (input == null || output == null) {
      throw invalid("a test lacks a string input or output");
    }
    if (!type.equals("functional")) {
      return new CodeGraderCase(input, output, false);
    }
    if (fnName == null) {
      throw invalid("it has functional tests but no fn_name");
    }
    try {
      for (String line : input.strip().split("\n")) {
        if (!line.isBlank()) {
          JSON.readTree(line);
        }
      }
      JSON.readTree(output);
    } catch (JsonProcessingException e) {
      throw invalid(
          "a functional test's input lines and output must be JSON ("
              + e.getOriginalMessage()
              + ")");
    }
    return new CodeGraderCase(input, output, true);
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException(
        "The code grader's reference is not valid: " + problem + "; " + FORMAT + ".");
  }
}
