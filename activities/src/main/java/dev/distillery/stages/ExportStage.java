package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code export}: turns teacher rows into ShareGPT rows: {@code conversations} of {@code {from:
 * human|gpt, value}}, the assistant text being {@code <think>\n{reasoning}\n</think>\n\n{answer}}
 * as in OpenThoughts3. Truncated answers (finish_reason {@code length}) are dropped and counted.
 */
public final class ExportStage implements Stage {
  private static final String KIND = "export";

  @Override
  public void run(StageContext context) throws Exception {
    Input input = context.inputs().get(0);
    context
        .inputs()
        .get(0)
        .forEach(
            row -> {
              context.out().countIn(1);
              if (!row.has(TeacherStage.RESPONSE)) {
                throw context.userError(
                    KIND,
                    "its input (a '"
                        + input.kind()
                        + "' stage) has no teacher answers: rows"
                        + " lack the 'response' field. Put a teacher stage before export.");
              }
              if ("length".equals(Rows.text(row, TeacherStage.FINISH_REASON))) {
                context.out().drop("truncated");
                return;
              }
              context.out().write(shareGpt(row));
            });
  }

  static ObjectNode shareGpt(ObjectNode row) {
    ObjectNode out = Rows.JSON.createObjectNode();
    ArrayNode conversations = out.putArray("conversations");
    conversations.addObject().put("from", "human").put("value", Rows.text(row, Rows.QUESTION));
    conversations
        .addObject()
        .put("from", "gpt")
        .put(
            "value",
            "<think>\n"
                + Rows.text(row, TeacherStage.REASONING)
                + "\n</think>\n\n"
                + Rows.text(row, TeacherStage.RESPONSE));
    out.put(Rows.SOURCE, Rows.text(row, Rows.SOURCE));
    out.put(Rows.DOMAIN, Rows.text(row, Rows.DOMAIN));
    out.put(Rows.ID, Rows.text(row, Rows.ID));
    out.set(TeacherStage.SAMPLE, row.get(TeacherStage.SAMPLE));
    return out;
  }
}
