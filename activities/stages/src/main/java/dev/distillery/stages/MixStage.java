package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * {@code mix}: samples {@code total} rows from the rows of its inputs, grouped by their {@code
 * source} field. Each source's share is equal by default; {@code top: N} keeps only the first N
 * sources in input order (the order in which they first appear), with equal shares, as the
 * OpenThoughts mixing ablation did; {@code weights} gives shares by source name instead. Shares are
 * rounded by largest remainder; {@code caps} bound what a source gives, and a source with fewer
 * rows than its share gives all it has (the shortfall is not redistributed and is counted as {@code
 * mix.shortfall}). Rows taken per source are counted as {@code source.<name>}. Sampling keeps the
 * rows of lowest seeded rank per row id, so the same seed picks the same rows. Inputs are read
 * twice, once to count and once to sample, and only the picked rows are held in memory.
 */
public final class MixStage implements Stage {
  private static final String KIND = "mix";

  @Override
  public void run(StageContext context) throws Exception {
    long total = context.params().get("total").asLong();
    long seed = context.params().get("seed").asLong();
    Map<String, Long> available = new LinkedHashMap<>();
    for (Input input : context.inputs()) {
      input.forEach(row -> available.merge(Rows.text(row, Rows.SOURCE), 1L, Long::sum));
    }
    Map<String, Double> weights = weights(context, available);
    Map<String, Long> caps = caps(context, available);
    Map<String, Long> quotas = quotas(weights, total);
    Map<String, Long> takes = new TreeMap<>();
    Map<String, PriorityQueue<MixCandidate>> kept = new TreeMap<>();
    for (String source : available.keySet()) {
      long take = Math.min(quotas.getOrDefault(source, 0L), available.get(source));
      take = Math.min(take, caps.getOrDefault(source, Long.MAX_VALUE));
      takes.put(source, take);
      kept.put(source, new PriorityQueue<>(Collections.reverseOrder(MixCandidate.ORDER)));
    }

    long rowsTotal = available.values().stream().mapToLong(Long::longValue).sum();
    long[] seq = {0};
    for (Input input : context.inputs()) {
      input.forEach(
          row -> {
            context.out().countIn(1);
            String source = Rows.text(row, Rows.SOURCE);
            long take = takes.get(source);
            if (take > 0) {
              PriorityQueue<MixCandidate> heap = kept.get(source);
              MixCandidate candidate =
                  new MixCandidate(Rows.rank(seed, Rows.text(row, Rows.ID)), source, seq[0], row);
              if (heap.size() < take) {
                heap.add(candidate);
              } else if (MixCandidate.ORDER.compare(candidate, heap.peek()) < 0) {
                heap.poll();
                heap.add(candidate);
              }
            }
            if (++seq[0] % 10_000 == 0) {
              context.progress().report(seq[0], rowsTotal);
            }
          });
    }

    List<MixCandidate> picked = new ArrayList<>();
    long written = 0;
    for (var entry : takes.entrySet()) {
      String source = entry.getKey();
      long take = entry.getValue();
      picked.addAll(kept.get(source));
      context.out().count("source." + source, take);
      written += take;
      long quota = quotas.getOrDefault(source, 0L);
      String reason =
          quota == 0
              ? (context.params().hasNonNull("top") ? "not_in_top" : "source_not_weighted")
              : caps.getOrDefault(source, Long.MAX_VALUE) < quota
                  ? "over_source_cap"
                  : "over_source_share";
      for (long i = take; i < available.get(source); i++) {
        context.out().drop(reason);
      }
    }
    if (written < total) {
      context.out().count("mix.shortfall", total - written);
    }
    picked.sort(MixCandidate.ORDER);
    for (MixCandidate candidate : picked) {
      context.out().write(candidate.row());
    }
  }

  /** Each used source's weight: from top, from weights, or equal over every source. */
  private static Map<String, Double> weights(StageContext context, Map<String, Long> available)
      throws StageUserException {
    JsonNode given = context.params().get("weights");
    JsonNode top = context.params().get("top");
    boolean hasWeights = given != null && !given.isNull();
    boolean hasTop = top != null && !top.isNull();
    Map<String, Double> weights = new TreeMap<>();
    if (hasWeights && hasTop) {
      throw context.userError(
          KIND,
          "params.top and params.weights are both set, but top gives the first N sources equal"
              + " shares and weights gives shares by name. Remove one of them.");
    }
    if (hasTop) {
      int n = top.asInt();
      if (n > available.size()) {
        throw context.userError(
            KIND,
            "params.top is "
                + n
                + " but the inputs hold only "
                + available.size()
                + " sources "
                + available.keySet()
                + ". Lower params.top or add inputs.");
      }
      available.keySet().stream().limit(n).forEach(source -> weights.put(source, 1.0));
    } else if (hasWeights) {
      for (var it = given.fields(); it.hasNext(); ) {
        var entry = it.next();
        checkNamed(context, "weights", entry.getKey(), available);
        weights.put(entry.getKey(), entry.getValue().asDouble());
      }
    } else {
      available.keySet().forEach(source -> weights.put(source, 1.0));
    }
    return weights;
  }

  private static Map<String, Long> caps(StageContext context, Map<String, Long> available)
      throws StageUserException {
    Map<String, Long> caps = new TreeMap<>();
    JsonNode given = context.params().get("caps");
    if (given != null && !given.isNull()) {
      for (var it = given.fields(); it.hasNext(); ) {
        var entry = it.next();
        checkNamed(context, "caps", entry.getKey(), available);
        caps.put(entry.getKey(), (long) Math.floor(entry.getValue().asDouble()));
      }
    }
    return caps;
  }

  private static void checkNamed(
      StageContext context, String param, String source, Map<String, Long> available)
      throws StageUserException {
    if (!available.containsKey(source)) {
      throw context.userError(
          KIND,
          "params."
              + param
              + " names source '"
              + source
              + "', which none of the inputs"
              + " contains. Sources present: "
              + available.keySet()
              + ". Use the names in the rows' source field (a source stage's source_name, or"
              + " its file name).");
    }
  }

  /**
   * Splits {@code total} by weight, rounding by largest remainder so the parts add up; equal
   * remainders go to sources in name order.
   */
  static Map<String, Long> quotas(Map<String, Double> weights, long total) {
    double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Long> quotas = new TreeMap<>();
    List<Map.Entry<String, Double>> remainders = new ArrayList<>();
    long assigned = 0;
    for (var entry : new TreeMap<>(weights).entrySet()) {
      double exact = sum == 0 ? 0 : total * entry.getValue() / sum;
      long floor = (long) Math.floor(exact);
      quotas.put(entry.getKey(), floor);
      assigned += floor;
      remainders.add(Map.entry(entry.getKey(), exact - floor));
    }
    remainders.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    for (int i = 0; assigned < total && i < remainders.size(); i++, assigned++) {
      quotas.merge(remainders.get(i).getKey(), 1L, Long::sum);
    }
    return quotas;
  }
}
