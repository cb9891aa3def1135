package dev.distillery.cli;

import dev.distillery.recipe.Budget;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.BudgetIncrease;
import dev.distillery.workflow.BudgetStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distill budget}: show a sweep's budgets, or raise one so paused sampling goes on. */
@Command(
    name = "budget",
    mixinStandardHelpOptions = true,
    description = {
      "Show a running sweep's budgets (set under `budget:` in the sweep file), or raise one.",
      "Sampling on an endpoint pauses before its next shard once its budget is used up; raising"
          + " it lets paused stages go on. Examples: `distill budget my-sweep --add 2000000`"
          + " (tokens), `distill budget my-sweep --add 25usd`."
    })
final class BudgetCommand extends SweepCommand {
  @Option(
      names = "--add",
      paramLabel = "AMOUNT",
      description = "Tokens to add (e.g. 2000000), or dollars with a usd suffix or $ prefix.")
  String add;

  @Option(
      names = "--endpoint",
      paramLabel = "BASE_URL",
      description = "The budget to raise, by base_url; needed when the sweep has several.")
  String endpoint;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (add == null) {
      return show(out);
    }
    BudgetIncrease increase = increase();
    try (Stack stack = root().connect()) {
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      sweeps.requireProgress(sweep, stack.temporalAddress());
      // The sweep checks the increase against its budgets and answers with the raised one.
      BudgetStatus raised =
          SweepUpdates.send(stack.client(), sweep, workflow -> workflow.addBudget(increase));
      out.printf("Raised the budget of %s on %s.%n", sweep, raised.endpoint());
      print(sweep, List.of(raised), out);
      return ExitCodes.OK;
    }
  }

  /**
   * Prints the budgets with their spend while Temporal runs the sweep, else the limits its saved
   * plan sets, from the store alone (no service is started for that).
   */
  private int show(PrintWriter out) throws Exception {
    try (SweepViews views = SweepViews.open(root())) {
      SweepView view = views.load(sweep);
      if (!view.budgets().isEmpty()) {
        print(sweep, view.budgets(), out);
        return ExitCodes.OK;
      }
      Map<String, Budget> planned = new TreeMap<>(views.plannedBudgets(sweep));
      if (planned.isEmpty()) {
        out.printf("Sweep '%s' has no budget.%n", sweep);
      }
      planned.forEach(
          (endpoint, b) ->
              out.printf(
                  "budget %-36s %s (the limit; its spend is known while the sweep runs)%n",
                  endpoint, Budget.describe(b.tokens(), b.microUsd())));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The amount of {@code --add}: tokens, or dollars with a usd suffix or $ prefix. */
  private BudgetIncrease increase() throws UserException {
    String amount = add.trim().toLowerCase();
    boolean usd = amount.startsWith("$") || amount.endsWith("usd");
    String number = amount.replace("$", "").replace("usd", "").trim();
    try {
      if (usd) {
        double dollars = Double.parseDouble(number);
        if (dollars > 0) {
          return new BudgetIncrease(endpoint, 0, Math.round(dollars * 1e6));
        }
      } else {
        long tokens = Long.parseLong(number);
        if (tokens > 0) {
          return new BudgetIncrease(endpoint, tokens, 0);
        }
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new UserException(
        ExitCodes.INVALID_INPUT,
        "--add "
            + add
            + " is not an amount. Write a positive number of tokens (2000000) or dollars"
            + " (25usd).");
  }

  /** Prints one line per budget of {@code sweep}; nothing when there is none. */
  static void print(String sweep, List<BudgetStatus> budgets, PrintWriter out) {
    for (BudgetStatus b : budgets) {
      out.printf(
          "budget %-36s %s tokens %s, %s%s%n",
          b.endpoint(),
          b.tokensSpent(),
          b.tokenLimit() > 0 ? "of " + b.tokenLimit() : "(no limit)",
          String.format("$%.2f", b.microUsdSpent() / 1e6),
          (b.microUsdLimit() > 0 ? String.format(" of $%.2f", b.microUsdLimit() / 1e6) : "")
              + (b.paused()
                  ? "  PAUSED: raise with `distill budget " + sweep + " --add ...`"
                  : ""));
    }
    out.flush();
  }
}
