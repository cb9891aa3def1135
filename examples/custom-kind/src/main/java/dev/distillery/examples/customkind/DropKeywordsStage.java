package dev.distillery.examples.customkind;

import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import java.util.List;
import java.util.Locale;

/** Passes on the questions of its input that contain none of the keywords, in order. */
public final class DropKeywordsStage implements Stage {
  /** The reason dropped rows are counted under. */
  public static final String REASON = "keyword";

  @Override
  public void run(StageContext context) throws Exception {
    DropKeywordsParams params = context.params(DropKeywordsParams.class);
    boolean ignoreCase = params.ignoreCase();
    List<String> keywords =
        params.keywords().stream().map(k -> ignoreCase ? k.toLowerCase(Locale.ROOT) : k).toList();
    long[] seen = {0};
    context
        .inputs()
        .get(0)
        .forEach(
            row -> {
              context.out().countIn(1);
              String question = Rows.text(row, Rows.QUESTION);
              String text = ignoreCase ? question.toLowerCase(Locale.ROOT) : question;
              if (keywords.stream().anyMatch(text::contains)) {
                context.out().drop(REASON);
              } else {
                context.out().write(row);
              }
              if (++seen[0] % params.reportEvery() == 0) {
                context.progress().report(seen[0], 0);
              }
            });
  }
}
