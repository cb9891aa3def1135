package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatMessage;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.Completion;
import dev.distillery.stages.core.OrderedCompletions;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code generate-questions}: writes new questions with a model. Semi-synthetic when it has an
 * input (each input row's question is the seed text), fully synthetic from the {@code topics} list
 * otherwise. Asks for {@code per_seed} samples of {@code prompt_template} per seed or topic, parses
 * each reply into one question (a leading "Problem:" label, surrounding quotes and code fences are
 * removed) and validates it: empty, too short, too long or repeated outputs are dropped and
 * counted. Rows keep the seed's id or the topic under {@code metadata}, for lineage.
 */
public final class GenerateQuestionsStage implements Stage {
  static final String KIND = "generate-questions";

  /** The default prompt with a seed text. */
  public static final String SEED_PROMPT =
      "Write one new, self-contained {domain} problem inspired by the text below. It must be"
          + " solvable, have a single well-defined answer, and be at least as hard as the text."
          + " Reply with the problem statement only.\n\nText:\n{seed}";

  /** The default prompt with a topic. */
  public static final String TOPIC_PROMPT =
      "Write one new, self-contained, challenging {domain} problem about {topic}. It must be"
          + " solvable and have a single well-defined answer. Reply with the problem statement"
          + " only.";

  private static final Pattern LABEL =
      Pattern.compile("^(?i)(problem|question)\\s*(statement)?\\s*[:.-]\\s*");

  @Override
  public void run(StageContext context) throws Exception {
    ObjectNode p = context.params();
    List<ObjectNode> seeds = new ArrayList<>();
    boolean fromInput = !context.inputs().isEmpty();
    if (fromInput) {
      context.inputs().get(0).forEach(seeds::add);
    } else {
      for (JsonNode topic : p.path("topics")) {
        seeds.add(Rows.JSON.createObjectNode().put("topic", topic.asText()));
      }
      if (seeds.isEmpty()) {
        throw context.userError(
            KIND,
            "it has no input and no params.topics. Give it topics (topics: [geometry,"
                + " combinatorics]) for fully synthetic questions, or put it after a stage whose"
                + " questions it should take as seed text.");
      }
    }
    context.out().countIn(seeds.size());
    Set<String> seen = new HashSet<>();
    try (ChatClient client =
        context.services().chatClients().create(TeacherStage.endpoint(context))) {
      OrderedCompletions.run(
          context,
          KIND,
          client,
          p.get("base_url").asText(),
          p.get("concurrency").asInt(),
          seeds.size(),
          i -> request(p, seeds.get(i), fromInput),
          (i, batch) -> {
            OrderedCompletions.count(context, batch);
            for (Completion c : batch.completions()) {
              write(context, seeds.get(i), fromInput, c, seen);
            }
            context.progress().report(i + 1, seeds.size());
          });
    }
  }

  static ChatRequest request(ObjectNode p, ObjectNode seed, boolean fromInput) {
    String template =
        p.hasNonNull("prompt_template")
            ? p.get("prompt_template").asText()
            : fromInput ? SEED_PROMPT : TOPIC_PROMPT;
    String prompt =
        template
            .replace("{domain}", p.get("domain").asText())
            .replace("{seed}", Rows.text(seed, Rows.QUESTION))
            .replace("{topic}", seed.path("topic").asText(""));
    List<ChatMessage> messages = new ArrayList<>();
    if (p.hasNonNull("system_prompt")) {
      messages.add(ChatMessage.system(p.get("system_prompt").asText()));
    }
    messages.add(ChatMessage.user(prompt));
    return new ChatRequest(
        p.get("model").asText(),
        messages,
        p.get("per_seed").asInt(),
        p.get("temperature").asDouble(),
        p.get("max_tokens").asInt(),
        p.hasNonNull("seed") ? p.get("seed").asLong() : null,
        null,
        List.of());
  }

  /** The question in a reply: labels, quotes and code fences removed, whitespace trimmed. */
  static String parse(String content) {
    String text = content == null ? "" : content.strip();
    if (text.startsWith("```")) {
      text = text.replaceAll("^```[a-zA-Z]*\\s*", "").replaceAll("\\s*```$", "");
    }
    text = LABEL.matcher(text.strip()).replaceFirst("");
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      text = text.substring(1, text.length() - 1);
    }
    return text.strip();
  }

  private static void write(
      StageContext context, ObjectNode seed, boolean fromInput, Completion c, Set<String> seen)
      throws IOException {
    ObjectNode p = context.params();
    String question = parse(c.content());
    String reason =
        question.isEmpty()
            ? "empty"
            : question.length() < p.get("min_chars").asInt()
                ? "too_short"
                : question.length() > p.get("max_chars").asInt()
                    ? "too_long"
                    : "length".equals(c.finishReason())
                        ? "truncated"
                        : !seen.add(Rows.normalize(question)) ? "duplicate" : null;
    if (reason != null) {
      context.out().drop(reason);
      return;
    }
    String origin = fromInput ? Rows.text(seed, Rows.ID) : seed.get("topic").asText();
    String id =
        "gen-"
            + Long.toHexString(
                Rows.rank(p.path("seed").asLong(0), origin + "#" + c.sample()) >>> 4);
    ObjectNode row =
        Rows.question(id, p.get("source_name").asText(), p.get("domain").asText(), question, null);
    ObjectNode metadata = row.putObject("metadata");
    if (fromInput) {
      metadata.put("seed_id", origin);
    } else {
      metadata.put("topic", origin);
    }
    metadata.put("sample", c.sample());
    context.out().write(row);
  }
}
