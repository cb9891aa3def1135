package dev.distillery.stages;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code dedup}: drops rows whose normalized question text was already seen ({@code exact}), or
 * passes every row through ({@code none}). The first occurrence is kept.
 */
public final class DedupStage implements Stage {
  @Override
  public void run(StageContext context) throws Exception {
    boolean exact = "exact".equals(context.params().get("method").asText());
    Set<String> seenTexts = new HashSet<>();
    long[] seen = {0};
    context
        .inputs()
        .get(0)
        .forEach(
            row -> {
              context.out().countIn(1);
              if (exact && !seenTexts.add(Rows.normalize(Rows.text(row, Rows.QUESTION)))) {
                context.out().drop("duplicate");
              } else {
                context.out().write(row);
              }
              if (++seen[0] % 10_000 == 0) {
                context.progress().report(seen[0], -1);
              }
            });
  }
}
