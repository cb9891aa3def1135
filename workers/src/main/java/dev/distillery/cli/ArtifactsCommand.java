package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.config.DistillConfig;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.StageRef;
import dev.distillery.plan.SweepPlan;
import dev.distillery.recipe.SafeName;
import dev.distillery.store.CorruptManifestException;
import dev.distillery.store.Manifest;
import dev.distillery.store.OutputFile;
import dev.distillery.store.RowReader;
import dev.distillery.store.RowTrace;
import dev.distillery.worker.Stack;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distill artifacts}: list, show, print and verify stage artifacts.
 *
 * <p>It is long because it holds its six subcommands ({@code ls}, {@code show}, {@code cat}, {@code
 * download}, {@code verify}, {@code trace}) as nested classes; each can move to its own file,
 * picocli's idiom.
 */
@Command(
    name = "artifacts",
    mixinStandardHelpOptions = true,
    description =
        "Inspect stage artifacts in the store (configured, a running `distill dev`, or"
            + " the embedded one under $DISTILL_HOME).",
    subcommands = {
      ArtifactsCommand.Ls.class,
      ArtifactsCommand.Show.class,
      ArtifactsCommand.Cat.class,
      ArtifactsCommand.Download.class,
      ArtifactsCommand.Verify.class,
      ArtifactsCommand.Trace.class
    })
final class ArtifactsCommand implements Runnable {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  Stack openStore() throws Exception {
    return Stack.open(
        DistillConfig.fromEnvironment(root.environment()), Stack.Mode.READ_STORE, 0, 0);
  }

  /** Every finished stage in the store, optionally of one kind. */
  static List<StageRef> finished(Stack stack, String kind) throws java.io.IOException {
    List<StageRef> refs = new ArrayList<>();
    for (String key : stack.blobs().list(kind == null ? "stages/" : "stages/" + kind + "/")) {
      String[] parts = key.split("/");
      if (parts.length == 4 && parts[3].equals("manifest.json")) {
        refs.add(new StageRef(parts[1], parts[2]));
      }
    }
    return refs;
  }

  /** Finds one stage by {@code KIND/KEY}, a full key, or a unique key prefix. */
  static StageRef resolve(Stack stack, String id) throws Exception {
    String kind = id.contains("/") ? id.substring(0, id.indexOf('/')) : null;
    String key = id.contains("/") ? id.substring(id.indexOf('/') + 1) : id;
    List<StageRef> matches =
        finished(stack, kind).stream().filter(r -> r.key().startsWith(key)).toList();
    if (matches.size() != 1) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          (matches.isEmpty() ? "no finished stage matches '" : "several stages match '")
              + id
              + "' in "
              + stack.storeLocation()
              + ". List them with `distill artifacts ls` and"
              + " give KIND/KEY or a longer key prefix.");
    }
    return matches.get(0);
  }

  /** {@code KIND/KEY} with the key shortened, as users give it back to these commands. */
  static String label(StageRef ref) {
    return ref.kind() + "/" + ref.shortKey();
  }

  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = {
        "List finished stages: kind, key, rows in and out, when each finished.",
        "With --sweep, only the stages of that sweep's experiments (from the plan it saved in the"
            + " store), with their stage ids; with --experiment too, only that experiment's."
      },
      footer =
          "Example: `distill artifacts ls --sweep demo --experiment keep-0.25_n-1` lists one"
              + " experiment's artifacts; `distill artifacts cat export/KEY` prints one.")
  static final class Ls extends ArtifactsSubcommand {
    private static final String ROW = "%-22s %-14s %10s %10s  %s%n";

    @Parameters(paramLabel = "KIND", arity = "0..1", description = "Only this stage kind.")
    String kind;

    @Option(
        names = "--sweep",
        paramLabel = "SWEEP",
        converter = SweepNameConverter.class,
        description = "Only the stages of this sweep (`distill ls` lists the sweeps).")
    String sweep;

    @Option(
        names = "--experiment",
        paramLabel = "EXPERIMENT",
        description = "With --sweep: only the stages of this experiment of it.")
    String experiment;

    @Override
    void checkArguments() throws UserException {
      if (experiment != null && sweep == null) {
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            "--experiment "
                + experiment
                + " needs the sweep it belongs to: `distill artifacts ls --sweep SWEEP"
                + " --experiment "
                + experiment
                + "`.");
      }
    }

    @Override
    int call(Stack stack, PrintWriter out) throws Exception {
      Map<StageRef, String> stageIds = sweep == null ? null : sweepStages(stack);
      List<StageRef> refs =
          sweep == null
              ? finished(stack, kind)
              : stageIds.keySet().stream()
                  .filter(r -> kind == null || r.kind().equals(kind))
                  .toList();
      if (sweep != null) {
        out.printf("%-20s ", "STAGE");
      }
      out.printf(ROW, "KIND", "KEY", "ROWS IN", "ROWS OUT", "FINISHED");
      int corrupt = 0;
      int stored = 0;
      for (StageRef ref : refs) {
        Manifest m;
        boolean unreadable = false;
        try {
          m = stack.store().findManifest(ref).orElse(null);
        } catch (CorruptManifestException e) {
          m = null;
          unreadable = true;
          corrupt++;
        }
        if (m == null && !unreadable) {
          continue; // A stage of the sweep that has not finished, or one deleted since listed.
        }
        if (sweep != null) {
          out.printf("%-20s ", stageIds.get(ref));
        }
        if (m == null) {
          out.printf(ROW, ref.kind(), ref.shortKey(), "-", "-", "CORRUPT");
          continue;
        }
        stored++;
        out.printf(
            ROW,
            ref.kind(),
            ref.shortKey(),
            m.counters().rowsIn(),
            m.counters().rowsOut(),
            m.finishedAt());
      }
      if (sweep != null) {
        int missing = refs.size() - stored - corrupt;
        out.printf(
            "%d of %s of %s %s in the store%s.%n",
            stored,
            Plural.of(refs.size(), kind == null ? "stage" : kind + " stage"),
            experiment == null
                ? "sweep '" + sweep + "'"
                : "experiment '" + experiment + "' of sweep '" + sweep + "'",
            refs.size() == 1 ? "is" : "are",
            missing == 0
                ? ""
                : "; " + missing + (missing == 1 ? " has" : " have") + " not finished");
      }
      if (corrupt > 0) {
        out.printf(
            "%s %s a corrupt manifest; `distill artifacts verify` names each object and the"
                + " fix.%n",
            Plural.of(corrupt, "stage"), corrupt == 1 ? "has" : "have");
      }
      return ExitCodes.OK;
    }

    /**
     * The stages of the sweep's saved plan (of one experiment with {@code --experiment}), each
     * once, with its stage id, in plan order.
     */
    private Map<StageRef, String> sweepStages(Stack stack) throws Exception {
      SweepPlan plan =
          new SweepClient(null, stack.blobs())
              .requireSavedPlan(sweep, String.valueOf(stack.storeLocation()));
      List<ExperimentPlan> chosen =
          plan.experiments().stream()
              .filter(e -> experiment == null || e.name().equals(experiment))
              .toList();
      if (chosen.isEmpty()) {
        List<String> names = plan.experiments().stream().map(ExperimentPlan::name).toList();
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            "sweep '"
                + sweep
                + "' has no experiment '"
                + experiment
                + "'; its experiments are "
                + Plural.firstNames(names, 10)
                + " (`distill status "
                + sweep
                + "` lists them all).");
      }
      Map<StageRef, String> stages = new LinkedHashMap<>();
      chosen.forEach(e -> e.stages().forEach(st -> stages.putIfAbsent(st.ref(), st.id())));
      return stages;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print a stage's manifest.")
  static final class Show extends ArtifactsSubcommand {
    @Parameters(paramLabel = "STAGE", description = "KIND/KEY, a key, or a unique key prefix.")
    String id;

    @Override
    int call(Stack stack, PrintWriter out) throws Exception {
      StageRef ref = resolve(stack, id);
      Manifest m = stack.store().findManifest(ref).orElseThrow();
      out.println(stack.store().manifestUri(ref));
      out.println(new String(m.toJson(), java.nio.charset.StandardCharsets.UTF_8));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "cat",
      mixinStandardHelpOptions = true,
      description = "Print a stage's rows as JSON lines (checksums verified).")
  static final class Cat extends ArtifactsSubcommand {
    @Parameters(paramLabel = "STAGE", description = "KIND/KEY, a key, or a unique key prefix.")
    String id;

    @Option(names = "--limit", defaultValue = "-1", description = "Print at most this many rows.")
    long limit;

    @Option(
        names = "--dropped",
        description =
            "Print the rows the stage dropped instead, each with its dropped_by record (reason,"
                + " and the kept row or benchmark item it matched).")
    boolean dropped;

    @Override
    int call(Stack stack, PrintWriter out) throws Exception {
      Manifest m = stack.store().findManifest(resolve(stack, id)).orElseThrow();
      long n = 0;
      try (RowReader reader = dropped ? stack.store().openDropped(m) : stack.store().open(m)) {
        for (ObjectNode row : reader) {
          if (limit >= 0 && n++ >= limit) {
            break;
          }
          out.println(row.toString());
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "download",
      mixinStandardHelpOptions = true,
      description =
          "Write a stage's rows to DIR/<name>.jsonl (checksums verified) and its extra files"
              + " (an export's dataset_info.json, Parquet) beside them, ready for LLaMA-Factory.",
      footer =
          "Example: `distill artifacts download export/3f2a --to data/` writes"
              + " data/distillery.jsonl and data/dataset_info.json.")
  static final class Download extends ArtifactsSubcommand {
    @Parameters(paramLabel = "STAGE", description = "KIND/KEY, a key, or a unique key prefix.")
    String id;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Target folder.")
    Path to;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "File name of the rows, without .jsonl (default: the stage's dataset_name).")
    String name;

    @Override
    void checkArguments() throws UserException {
      if (name != null && !SafeName.isValid(name)) {
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            "--name '" + name + "' is not a file name; give " + SafeName.RULE + ".");
      }
    }

    @Override
    int call(Stack stack, PrintWriter out) throws Exception {
      StageRef ref = resolve(stack, id);
      Manifest m = stack.store().findManifest(ref).orElseThrow();
      String base = name != null ? name : m.params().path("dataset_name").asText("distillery");
      if (!SafeName.isValid(base)) {
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            "stage "
                + label(ref)
                + " has dataset_name '"
                + base
                + "', which is not a file name (it was written before names were checked, or"
                + " by hand), so nothing was downloaded. Give the file a name: `--name NAME`.");
      }
      // Every target is checked before anything is written.
      Path rows = inside(to, base + ".jsonl", ref);
      Map<OutputFile, Path> extra = new LinkedHashMap<>();
      for (OutputFile file : m.extraFiles()) {
        String fileName = file.name().substring(file.name().lastIndexOf('/') + 1);
        extra.put(file, inside(to, fileName, ref));
      }
      Files.createDirectories(to);
      long n = 0;
      try (RowReader reader = stack.store().open(m);
          Writer writer = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
        for (ObjectNode row : reader) {
          writer.write(row.toString());
          writer.write('\n');
          n++;
        }
      }
      out.printf("%s  %s%n", rows, Plural.of(n, "row"));
      for (Map.Entry<OutputFile, Path> file : extra.entrySet()) {
        try (InputStream in = stack.blobs().open(m.ref().folder() + "/" + file.getKey().name())) {
          Files.copy(in, file.getValue(), StandardCopyOption.REPLACE_EXISTING);
        }
        out.printf("%s  %d bytes%n", file.getValue(), Files.size(file.getValue()));
      }
      return ExitCodes.OK;
    }

    /** {@code dir/fileName}, or a user error when that is not a file directly in {@code dir}. */
    private static Path inside(Path dir, String fileName, StageRef ref) throws UserException {
      Path folder = dir.toAbsolutePath().normalize();
      Path target = folder.resolve(fileName).normalize();
      if (!folder.equals(target.getParent())) {
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            "stage "
                + label(ref)
                + " names a file '"
                + fileName
                + "' that would be written outside "
                + dir
                + ", so nothing was downloaded. Check the stage with `distill artifacts show "
                + label(ref)
                + "`.");
      }
      return target;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Re-read stages and check every file's sha256 against its manifest.")
  static final class Verify extends ArtifactsSubcommand {
    @Parameters(
        paramLabel = "STAGE",
        arity = "0..*",
        description = "Stages to check (default: all).")
    List<String> ids = new ArrayList<>();

    @Override
    int call(Stack stack, PrintWriter out) throws Exception {
      int bad = 0;
      List<StageRef> refs = new ArrayList<>();
      if (ids.isEmpty()) {
        refs.addAll(finished(stack, null));
      } else {
        for (String id : ids) {
          refs.add(resolve(stack, id));
        }
      }
      for (StageRef ref : refs) {
        List<String> problems;
        try {
          problems = stack.store().verify(stack.store().findManifest(ref).orElseThrow());
        } catch (CorruptManifestException e) {
          problems = List.of(e.getMessage());
        }
        out.printf(
            "%-22s %s  %s%n", ref.kind(), ref.shortKey(), problems.isEmpty() ? "ok" : "CORRUPT");
        problems.forEach(p -> out.println("    " + p));
        bad += problems.isEmpty() ? 0 : 1;
      }
      out.printf("%s checked, %d corrupt%n", Plural.of(refs.size(), "stage"), bad);
      return bad == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  @Command(
      name = "trace",
      mixinStandardHelpOptions = true,
      description = {
        "Show the path of one row from its source to a stage: at each stage whether the row (by"
            + " its id) is in the output, and where it was dropped, with the reasons that stage"
            + " dropped rows for.",
        "Example: `distill artifacts trace arith-7-12 --stage export/3f2a` (find stage keys with"
            + " `distill artifacts ls` or in `distill status`)."
      })
  static final class Trace extends ArtifactsSubcommand {
    @Parameters(paramLabel = "ROW_ID", description = "The row's id (its question's id).")
    String rowId;

    @Option(
        names = "--stage",
        required = true,
        paramLabel = "STAGE",
        description = "The last stage of the path: KIND/KEY, a key, or a unique key prefix.")
    String stage;

    @Override
    int call(Stack stack, PrintWriter out) throws Exception {
      List<RowTrace.Step> path = new RowTrace(stack.store()).trace(resolve(stack, stage), rowId);
      if (path.get(0).rows() == 0) {
        out.printf(
            "No stage on the way to %s has a row '%s'. Check the id (`distill artifacts cat"
                + " STAGE --limit 5` shows some).%n",
            stage, rowId);
        return ExitCodes.FAILED;
      }
      boolean dropped = false;
      for (RowTrace.Step step : path) {
        Manifest m = step.manifest();
        String what;
        if (step.rows() > 0) {
          what =
              "kept"
                  + (step.rows() > 1 ? " (" + step.rows() + " rows)" : "")
                  + (step.rowId().equals(rowId) ? "" : " as seed " + step.rowId());
        } else if (!dropped) {
          dropped = true;
          what =
              step.droppedBy() != null
                  ? "DROPPED here: " + step.droppedBy()
                  : "DROPPED here"
                      + (m.counters().dropped().isEmpty()
                          ? ""
                          : "; this stage dropped rows for: " + m.counters().dropped());
        } else {
          what = "-";
        }
        out.printf("%-18s %-20s %-12s %s%n", m.stageId(), m.kind(), m.key().substring(0, 12), what);
      }
      return dropped ? ExitCodes.FAILED : ExitCodes.OK;
    }
  }
}
