package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code filter-questions}: drops questions shorter than {@code min_chars} or longer than {@code
 * max_chars}, then keeps the {@code keep} fraction with the longest questions (ties broken by a
 * seeded rank). The score (question length) is kept in the row as {@code filter_score}.
 */
public final class FilterQuestionsStage implements Stage {
  @Override
  public void run(StageContext context) throws Exception {
    FilterQuestionsParams params = context.params(FilterQuestionsParams.class);
    int minChars = params.minChars();
    int maxChars = params.maxChars();
    double keep = params.keep();
    long seed = params.seed();
    List<ObjectNode> candidates = new ArrayList<>();
    context
        .inputs()
        .get(0)
        .forEach(
            row -> {
              context.out().countIn(1);
              int length = Rows.text(row, Rows.QUESTION).length();
              if (length < minChars) {
                context.out().drop("too_short");
              } else if (length > maxChars) {
                context.out().drop("too_long");
              } else {
                row.put("filter_score", length);
                candidates.add(row);
              }
            });
    int quota = (int) Math.ceil(keep * candidates.size());
    boolean[] kept = new boolean[candidates.size()];
    IntStream.range(0, candidates.size())
        .boxed()
        .sorted(
            Comparator.comparingInt((Integer i) -> -candidates.get(i).get("filter_score").asInt())
                .thenComparingLong(i -> Rows.rank(seed, Rows.text(candidates.get(i), Rows.ID))))
        .limit(quota)
        .forEach(i -> kept[i] = true);
    for (int i = 0; i < candidates.size(); i++) {
      if (kept[i]) {
        context.out().write(candidates.get(i));
      } else {
        context.out().drop("below_keep_fraction");
      }
    }
  }
}
