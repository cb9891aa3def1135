package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.grading.Grader;
import dev.distillery.grading.Graders;
import dev.distillery.grading.Verdict;
import dev.distillery.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code distill grade}: grade reference/response pairs, to check what the graders decide. */
@Command(
    name = "grade",
    mixinStandardHelpOptions = true,
    description = {
      "Grade the rows of a JSONL file, each {\"reference\": ..., \"response\": ..., \"type\": ...}",
      "(type math, the default, multiple-choice or code), with the graders evaluation and",
      "filter-answers use. Prints per row: line, correct|wrong, type, the extracted answer and",
      "why it is wrong; then the accuracy per type. A bad row is reported as FILE:LINE, exit 2."
    },
    footer = "Example: `distill grade pairs.jsonl | grep wrong`")
final class GradeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = Json.mapper();

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "JSON lines of {reference, response, type}.")
  Path file;

  private record Row(int line, String type, String reference, String response) {}

  @Override
  public Integer call() throws UserException {
    List<Row> rows = read();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Grader> graders = new HashMap<>();
    for (Row row : rows) {
      if (!graders.containsKey(row.type())) {
        graders.put(
            row.type(),
            Graders.forType(row.type())
                .orElseThrow(
                    () ->
                        new UserException(
                            ExitCodes.INVALID_INPUT,
                            file
                                + ":"
                                + row.line()
                                + ": type '"
                                + row.type()
                                + "' has no grader here: code programs run with Python 3, which"
                                + " this machine lacks. Install it (apt-get install python3), or"
                                + " leave the code rows out.")));
      }
    }
    Map<String, int[]> counts = new LinkedHashMap<>();
    StringBuilder lines = new StringBuilder();
    for (Row row : rows) {
      Grader grader = graders.get(row.type());
      Verdict v;
      try {
        v = grader.grade(row.reference(), row.response());
      } catch (IllegalArgumentException e) {
        throw new UserException(
            ExitCodes.INVALID_INPUT, file + ":" + row.line() + ": " + e.getMessage());
      }
      int[] c = counts.computeIfAbsent(row.type(), t -> new int[2]);
      c[0] += v.correct() ? 1 : 0;
      c[1]++;
      lines
          .append(row.line())
          .append('\t')
          .append(v.correct() ? "correct" : "wrong")
          .append('\t')
          .append(row.type())
          .append('\t')
          .append(v.extracted() == null ? "-" : oneLine(v.extracted()))
          .append(v.reason() == null ? "" : "\t" + oneLine(v.reason()))
          .append('\n');
      if (lines.length() > 1 << 16) {
        out.print(lines);
        lines.setLength(0);
      }
    }
    out.print(lines);
    out.println();
    int right = 0;
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      out.println(summary(e.getKey(), e.getValue()[0], e.getValue()[1]));
      right += e.getValue()[0];
    }
    out.println(summary("all", right, rows.size()));
    out.flush();
    return ExitCodes.OK;
  }

  private static String summary(String label, int right, int total) {
    double percent = total == 0 ? 0 : 100.0 * right / total;
    return String.format(
        Locale.ROOT, "%s: %d of %d correct (%.1f%%)", label, right, total, percent);
  }

  private static String oneLine(String s) {
    String flat = s.replaceAll("\\s+", " ").strip();
    return flat.length() <= 200 ? flat : flat.substring(0, 197) + "...";
  }

  private List<Row> read() throws UserException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = in.readLine()) != null) {
        line++;
        if (!text.isBlank()) {
          rows.add(row(text, line));
        }
      }
    } catch (NoSuchFileException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT, file + ": no such file. Give a JSONL file of rows to grade.");
    } catch (CharacterCodingException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          file
              + ": not UTF-8 text. `distill grade` reads JSON lines in UTF-8 (convert with iconv).");
    } catch (IOException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT, file + ": cannot be read: " + e.getMessage());
    }
    return rows;
  }

  private Row row(String text, int line) throws UserException {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      node = null;
    }
    String where = file + ":" + line + ": ";
    String shape =
        " Each line must be one JSON object {\"reference\": \"...\", \"response\": \"...\","
            + " \"type\": \"math\"} with type one of "
            + String.join(", ", Graders.TYPES)
            + " (math when absent).";
    if (node == null || !node.isObject()) {
      throw new UserException(ExitCodes.INVALID_INPUT, where + "not a JSON object." + shape);
    }
    for (String field : List.of("reference", "response")) {
      if (!node.path(field).isTextual()) {
        throw new UserException(
            ExitCodes.INVALID_INPUT, where + "'" + field + "' is missing or not a string." + shape);
      }
    }
    String type = node.path("type").asText(Graders.MATH);
    if (!Graders.TYPES.contains(type)) {
      throw new UserException(
          ExitCodes.INVALID_INPUT, where + "type '" + type + "' is not a grader type." + shape);
    }
    return new Row(line, type, node.get("reference").asText(), node.get("response").asText());
  }
}
