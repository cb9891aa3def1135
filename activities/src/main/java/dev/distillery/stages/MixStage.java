package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code mix}: pools the rows of its inputs by their {@code source} field and samples {@code total}
 * rows with per-source shares given by {@code weights} (equal shares by default). Shares are
 * rounded by largest remainder; a source with fewer rows than its share gives all it has. Sampling
 * uses a seeded rank per row id, so the same seed picks the same rows.
 */
public final class MixStage implements Stage {
  private static final String KIND = "mix";

  @Override
  public void run(StageContext context) throws Exception {
    long total = context.params().get("total").asLong();
    long seed = context.params().get("seed").asLong();
    Map<String, List<ObjectNode>> bySource = new TreeMap<>();
    for (Input input : context.inputs()) {
      input.forEach(
          row -> {
            context.out().countIn(1);
            bySource.computeIfAbsent(Rows.text(row, Rows.SOURCE), s -> new ArrayList<>()).add(row);
          });
    }
    Map<String, Double> weights = new TreeMap<>();
    JsonNode given = context.params().get("weights");
    if (given == null || given.isNull()) {
      bySource.keySet().forEach(source -> weights.put(source, 1.0));
    } else {
      for (var it = given.fields(); it.hasNext(); ) {
        var entry = it.next();
        if (!bySource.containsKey(entry.getKey())) {
          throw context.userError(
              KIND,
              "params.weights names source '"
                  + entry.getKey()
                  + "', which none of the inputs"
                  + " contains. Sources present: "
                  + bySource.keySet());
        }
        weights.put(entry.getKey(), entry.getValue().asDouble());
      }
    }
    Map<String, Long> quotas = quotas(weights, total);
    List<ObjectNode> picked = new ArrayList<>();
    for (var entry : bySource.entrySet()) {
      long quota = quotas.getOrDefault(entry.getKey(), 0L);
      List<ObjectNode> rows = entry.getValue();
      rows.sort(Comparator.comparingLong(r -> Rows.rank(seed, Rows.text(r, Rows.ID))));
      int take = (int) Math.min(quota, rows.size());
      picked.addAll(rows.subList(0, take));
      context.out().count("source." + entry.getKey(), take);
      for (int i = take; i < rows.size(); i++) {
        context.out().drop(quota == 0 ? "source_not_weighted" : "over_source_share");
      }
    }
    picked.sort(Comparator.comparingLong(r -> Rows.rank(seed, Rows.text(r, Rows.ID))));
    for (ObjectNode row : picked) {
      context.out().write(row);
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
