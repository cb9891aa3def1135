package dev.distillery.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the real {@code distill} command line in-process with a given environment. */
final class CliHarness {
  final Map<String, String> env = new HashMap<>();
  String out = "";
  String err = "";

  CliHarness(Path home) {
    env.put("DISTILL_HOME", home.toString());
  }

  /** The root command over this harness's environment, for its settings. */
  Distill distill() {
    return new Distill(env);
  }

  int run(String... args) {
    StringWriter outBuffer = new StringWriter();
    StringWriter errBuffer = new StringWriter();
    CommandLine cli = Distill.commandLine(env);
    cli.setOut(new PrintWriter(outBuffer, true));
    cli.setErr(new PrintWriter(errBuffer, true));
    int code = cli.execute(args);
    out = outBuffer.toString();
    err = errBuffer.toString();
    return code;
  }

  /** A path in the repository, from the module directory tests run in. */
  static String repo(String relative) {
    return Path.of("..").resolve(relative).normalize().toString();
  }
}
