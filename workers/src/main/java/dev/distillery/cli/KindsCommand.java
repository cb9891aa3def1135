package dev.distillery.cli;

import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.StageKind;
import dev.distillery.recipe.StageKinds;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code distill kinds}: the stage catalogue, from the same definitions that validate recipes. */
@Command(
    name = "kinds",
    mixinStandardHelpOptions = true,
    description = {
      "List the stage kinds, or one kind's params: type, default, and whether it is tuning only",
      "(left out of the content address, so changing it reuses finished work)."
    },
    footer = {
      "Example: `distill kinds decontaminate`",
      "`distill kinds --markdown > docs/kinds.md` writes the catalogue's reference page."
    })
final class KindsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "KIND", description = "A stage kind, e.g. dedup.")
  String kind;

  @Option(
      names = "--markdown",
      description = "Print every kind and its params as one Markdown page (docs/kinds.md).")
  boolean markdown;

  @Override
  public Integer call() throws UserException {
    PrintWriter out = spec.commandLine().getOut();
    if (markdown) {
      out.print(KindsMarkdown.page(StageKinds.all()));
      out.flush();
      return ExitCodes.OK;
    }
    if (kind == null) {
      List<List<String>> rows = new ArrayList<>();
      for (StageKind k : StageKinds.all()) {
        rows.add(List.of(k.name(), "v" + k.version(), k.summary()));
      }
      TextTable.print(List.of("KIND", "VERSION", "SUMMARY"), rows, out);
      return ExitCodes.OK;
    }
    StageKind k =
        StageKinds.find(kind)
            .orElseThrow(
                () ->
                    new UserException(
                        ExitCodes.INVALID_INPUT,
                        "There is no stage kind '"
                            + kind
                            + "'. `distill kinds` lists them: "
                            + String.join(", ", StageKinds.names())
                            + "."));
    out.printf(
        "%s (version %d, %s): %s%n%n",
        k.name(), k.version(), inputs(k.minInputs(), k.maxInputs()), k.summary());
    List<List<String>> rows = new ArrayList<>();
    for (ParamSpec p : k.params()) {
      String use = p.required() ? "required" : p.affectsOutput() ? "" : "tuning";
      String def = p.defaultValue() == null ? "" : p.defaultValue().toString();
      rows.add(List.of(p.name(), p.type().display(), def, use, p.doc()));
    }
    TextTable.print(List.of("PARAM", "TYPE", "DEFAULT", "", "MEANING"), rows, out);
    return ExitCodes.OK;
  }

  static String inputs(int min, int max) {
    if (max == 0) {
      return "no inputs";
    }
    String most = max == Integer.MAX_VALUE ? "any number of" : String.valueOf(max);
    return min == max ? min + (min == 1 ? " input" : " inputs") : min + " to " + most + " inputs";
  }
}
