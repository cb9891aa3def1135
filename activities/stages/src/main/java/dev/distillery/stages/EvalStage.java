package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.grading.Grader;
import dev.distillery.grading.Graders;
import dev.distillery.grading.Verdict;
import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatMessage;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.Completion;
import dev.distillery.llm.CompletionBatch;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.OrderedCompletions;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.ShardedStage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.stages.files.RecordFiles;
import dev.distillery.store.FileSink;
import dev.distillery.training.ServedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code eval}: scores one model behind an OpenAI-compatible endpoint on benchmarks, Evalchemy's
 * way. Every question of every benchmark is asked {@code repeats} times, repeat i with seed {@code
 * seed + i}, one request each, through the worker's completion store (a re-run, a retry after a
 * lost worker or another sweep asking the same model the same question with the same seed pays for
 * nothing twice); each answer is graded by its benchmark's grader ({@link Graders}). An answer cut
 * off at {@code max_tokens} is wrong ("truncated"), never asked again.
 *
 * <p>A stage that calls its endpoint directly runs in shards of tasks (a question at one repeat),
 * each with its checkpoints and the sweep's budget, like a teacher ({@link ShardedStage}); one that
 * serves its model ({@code serve}) runs in one go on the machine that serves it.
 *
 * <p>Rows: one per question and repeat, with the question id, the repeat and its seed, the
 * reference, the model's reasoning and response, the extracted answer, the verdict and its reason,
 * and the tokens. Beside them {@code results.json} in Evalchemy's layout: per benchmark {@code
 * accuracy_avg} (the mean of the repeats' accuracies), {@code accuracy_std_err} (their standard
 * deviation, as numpy's {@code std}, over the square root of the repeats), {@code run_stats} per
 * repeat, {@code num_repeat} and {@code num_total}; accuracies are fractions in [0, 1].
 *
 * <p>It is long because planning the tasks, running them sharded or served, grading the answers and
 * writing {@code results.json} share its task records.
 */
public final class EvalStage implements ShardedStage {
  static final String KIND = "eval";

  /** The name of the results file beside the rows. */
  public static final String RESULTS = "results.json";

  /** The log of the server that served the model ({@code serve}), in the stage's files. */
  public static final String SERVE_LOG = "serve.log";

  /** One request: a question of a benchmark, at one repeat. */
  private record Task(int benchmark, Question question, int repeat) {}

  /** A benchmark question as asked, and its reference answer. */
  private record Question(String id, String prompt, String reference) {}

  /**
   * What an evaluation asks, in the stable order shards number it.
   *
   * @param p the params with the model (and endpoint) to score
   * @param endpoint the endpoint's name in the completion store
   * @param tasks every question of every benchmark at every repeat, benchmark by benchmark,
   *     question by question, repeat by repeat
   */
  private record Plan(
      ObjectNode p,
      String endpoint,
      List<EvalBenchmark> benchmarks,
      List<List<Question>> questions,
      List<Grader> graders,
      List<Task> tasks) {}

  @Override
  public void run(StageContext context) throws Exception {
    if (context.inputs().isEmpty() || !context.params().hasNonNull("serve")) {
      ObjectNode p = scored(context);
      evaluate(context, p, p.get("base_url").asText());
      return;
    }
    TrainedModel trained = trainedModel(context);
    ObjectNode p = context.params().deepCopy();
    p.put("model", trained.model());
    Path logs = Files.createTempDirectory("distillery-serve");
    Path log = logs.resolve(SERVE_LOG);
    try (ServedModel served =
        ServedModel.start(
            p.get("serve").asText(),
            trained.model(),
            log,
            Duration.ofSeconds(p.path("serve_timeout_seconds").asLong(1800)),
            line -> note(context, line))) {
      p.put("base_url", served.baseUrl() + "/v1");
      // The port changes from run to run; the completion store keys on the model instead.
      evaluate(context, p, "serve://" + trained.model());
    } finally {
      if (Files.exists(log)) {
        context.files().writeFile(SERVE_LOG, log);
        Files.delete(log);
      }
      Files.deleteIfExists(logs);
    }
  }

  @Override
  public long units(StageContext context) throws Exception {
    return plan(context).tasks().size();
  }

  @Override
  public void runUnits(StageContext context, long from, long to) throws Exception {
    answer(context, plan(context), (int) from, (int) to);
  }

  /** Counts the rows graded right per benchmark and repeat, and writes {@link #RESULTS}. */
  @Override
  public void finish(StageContext context, Input rows, FileSink files) throws Exception {
    Plan plan = plan(context);
    long[][] solved = solvedCounts(plan);
    int[] next = {0};
    rows.forEach(
        row -> {
          Task task = next[0] < plan.tasks().size() ? plan.tasks().get(next[0]) : null;
          if (task == null
              || !row.path(Rows.ID)
                  .asText()
                  .equals(rowId(plan.benchmarks().get(task.benchmark()), task))) {
            throw rowsMismatch(context, plan, row.path(Rows.ID).asText());
          }
          if (row.path("correct").asBoolean()) {
            solved[task.benchmark()][task.repeat()]++;
          }
          context.progress().report(++next[0], plan.tasks().size());
        });
    if (next[0] != plan.tasks().size()) {
      throw rowsMismatch(context, plan, "(none after row " + next[0] + ")");
    }
    writeResults(files, plan, solved);
  }

  private static StageUserException rowsMismatch(StageContext context, Plan plan, String id) {
    return context.userError(
        KIND,
        "its shards' rows do not match its benchmarks' "
            + plan.tasks().size()
            + " questions x repeats (found row "
            + id
            + "): a benchmark file changed while the stage ran. Run it again.");
  }

  /** A server's log line as a heartbeat; a lost heartbeat is only a stale note. */
  private static void note(StageContext context, String line) {
    try {
      context.progress().note(line);
    } catch (IOException e) {
      // The next line tries again.
    }
  }

  /** The endpoint of the train stage whose model it scores; null when it names its own. */
  @Override
  public String endpoint(StageContext context) throws Exception {
    return context.inputs().isEmpty() || context.params().hasNonNull("serve")
        ? null
        : scored(context).get("base_url").asText();
  }

  /**
   * The params of the model the stage scores at an endpoint it calls directly: its own {@code
   * base_url} and {@code model}, or those of the train stage it reads.
   */
  private static ObjectNode scored(StageContext context) throws Exception {
    if (context.inputs().isEmpty()) {
      return context.params();
    }
    TrainedModel trained = trainedModel(context);
    if (trained.baseUrl() == null) {
      throw context.userError(
          KIND,
          "its input train stage produced the model "
              + trained.model()
              + ", which no endpoint serves yet. Add `serve: vllm serve {model} --port {port}`"
              + " (or your server's command) to run it on a distillery-gpu worker while it is"
              + " scored.");
    }
    ObjectNode p = context.params().deepCopy();
    p.put("model", trained.model());
    p.put("base_url", trained.baseUrl());
    if (trained.apiKeyEnv() != null) {
      p.put("api_key_env", trained.apiKeyEnv());
    }
    return p;
  }

  /** The model the input train stage recorded in its one row. */
  private static TrainedModel trainedModel(StageContext context) throws Exception {
    List<TrainedModel> found = new ArrayList<>();
    context.inputs().get(0).forEach(row -> found.add(TrainedModel.fromRow(row)));
    if (found.size() != 1 || found.get(0).model().isEmpty()) {
      throw context.userError(
          KIND,
          "its input is not a train stage's output (one row naming a model); read a train stage");
    }
    return found.get(0);
  }

  /** Scores the model {@code p} names on the benchmarks, all in one go. */
  private void evaluate(StageContext context, ObjectNode p, String endpoint) throws Exception {
    Plan plan = plan(context, p, endpoint);
    context.out().countIn(plan.tasks().size());
    long[][] solved = answer(context, plan, 0, plan.tasks().size());
    writeResults(context.files(), plan, solved);
  }

  /** The plan of a stage that calls its endpoint directly (it runs in shards). */
  private static Plan plan(StageContext context) throws Exception {
    ObjectNode p = scored(context);
    return plan(context, p, p.get("base_url").asText());
  }

  /**
   * Reads the benchmarks and lists the tasks.
   *
   * @param endpoint the endpoint's name in the completion store
   */
  private static Plan plan(StageContext context, ObjectNode p, String endpoint) throws Exception {
    List<EvalBenchmark> benchmarks = new ArrayList<>();
    List<List<Question>> questions = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = p.get("benchmarks").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      EvalBenchmark benchmark;
      try {
        benchmark = EvalBenchmark.of(entry.getKey(), p);
      } catch (IllegalArgumentException e) {
        throw context.userError(KIND, e.getMessage());
      }
      if (Graders.forType(benchmark.type()).isEmpty()) {
        throw context.userError(
            KIND,
            "benchmark '"
                + benchmark.name()
                + "' is graded as "
                + benchmark.type()
                + ", and this worker has no "
                + benchmark.type()
                + " grader. Graders: "
                + String.join(", ", Graders.TYPES)
                + " (code runs programs with Python 3: install it where the worker runs, e.g."
                + " apt-get install python3).");
      }
      benchmarks.add(benchmark);
      questions.add(read(context, benchmark, entry.getValue().asText()));
    }
    List<Grader> graders =
        benchmarks.stream().map(b -> Graders.forType(b.type()).orElseThrow()).toList();
    List<Task> tasks = new ArrayList<>();
    for (int b = 0; b < benchmarks.size(); b++) {
      for (Question question : questions.get(b)) {
        for (int r = 0; r < benchmarks.get(b).repeats(); r++) {
          tasks.add(new Task(b, question, r));
        }
      }
    }
    return new Plan(p, endpoint, benchmarks, questions, graders, tasks);
  }

  private static long[][] solvedCounts(Plan plan) {
    long[][] solved = new long[plan.benchmarks().size()][];
    for (int b = 0; b < solved.length; b++) {
      solved[b] = new long[plan.benchmarks().get(b).repeats()];
    }
    return solved;
  }

  /**
   * Asks, grades and writes tasks {@code [from, to)} in order, reporting progress counted from
   * {@code from}; the rows graded right per benchmark and repeat.
   */
  private static long[][] answer(StageContext context, Plan plan, int from, int to)
      throws Exception {
    ObjectNode p = plan.p();
    long seed = p.path("seed").asLong(0);
    long[][] solved = solvedCounts(plan);
    Prices prices = new Prices(p);
    try (ChatClient client =
        new GatedChatClient(
            context
                .services()
                .chatClients()
                .create(
                    TeacherStage.endpoint(
                        KIND, context.stageId(), p, context.services().environment())),
            context.budget(),
            prices)) {
      OrderedCompletions.run(
          context,
          KIND,
          client,
          plan.endpoint(),
          p.get("concurrency").asInt(),
          to - from,
          i -> request(p, plan.tasks().get(from + i), seed),
          (i, batch) -> {
            Task task = plan.tasks().get(from + i);
            EvalBenchmark benchmark = plan.benchmarks().get(task.benchmark());
            boolean correct =
                write(
                    context,
                    benchmark,
                    plan.graders().get(task.benchmark()),
                    task,
                    seed,
                    batch,
                    prices);
            if (correct) {
              solved[task.benchmark()][task.repeat()]++;
            }
            context.progress().report(i + 1, to - from);
          });
    }
    return solved;
  }

  private static void writeResults(FileSink files, Plan plan, long[][] solved) throws IOException {
    files.writeFile(
        RESULTS,
        Rows.JSON
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(results(plan.p(), plan.benchmarks(), plan.questions(), solved))
            .getBytes(StandardCharsets.UTF_8));
  }

  private static String rowId(EvalBenchmark benchmark, Task task) {
    return benchmark.name() + "/" + task.question().id() + "/" + task.repeat();
  }

  private static List<Question> read(StageContext context, EvalBenchmark benchmark, String path)
      throws Exception {
    List<Question> read = new ArrayList<>();
    RecordFiles.readObjects(
        context,
        new RecordFiles.Origin(KIND, "params.benchmarks." + benchmark.name()),
        path,
        (record, line) -> {
          JsonNode question = EvalBenchmark.field(record, benchmark.questionField());
          JsonNode answer = EvalBenchmark.field(record, benchmark.answerField());
          if (question == null || answer == null) {
            throw lineError(
                context,
                line,
                path,
                "has no "
                    + (question == null
                        ? "question field '" + benchmark.questionField()
                        : "answer field '" + benchmark.answerField())
                    + "'. Name its fields in params.question_fields."
                    + benchmark.name()
                    + " and params.answer_fields."
                    + benchmark.name()
                    + ".");
          }
          JsonNode id = EvalBenchmark.field(record, benchmark.idField());
          String questionId = id == null ? String.valueOf(line) : id.asText();
          String reference = answer.isValueNode() ? answer.asText() : answer.toString();
          String text = question.asText();
          String prompt = benchmark.promptTemplate().replace("{question}", text);
          if (benchmark.type().equals(EvalBenchmark.MULTIPLE_CHOICE)) {
            ChoiceOrder order;
            try {
              order =
                  ChoiceOrder.of(record, benchmark, reference, benchmark.name() + "/" + questionId);
            } catch (IllegalArgumentException e) {
              throw lineError(
                  context,
                  line,
                  path,
                  e.getMessage()
                      + ". Name its choice fields in params.choice_fields."
                      + benchmark.name()
                      + " (the right one first, comma-separated, or one field holding a list).");
            }
            prompt = prompt.replace("{choices}", order.listing());
            reference = order.rightLetter();
          }
          read.add(new Question(questionId, prompt, reference));
        });
    if (read.isEmpty()) {
      throw context.userError(
          KIND, "benchmark file '" + path + "' (" + benchmark.name() + ") holds no question.");
    }
    return read;
  }

  private static StageUserException lineError(
      StageContext context, long line, String path, String problem) {
    return context.userError(KIND, "line " + line + " of benchmark file '" + path + "' " + problem);
  }

  private static ChatRequest request(ObjectNode p, Task task, long seed) {
    List<ChatMessage> messages = new ArrayList<>();
    if (p.hasNonNull("system_prompt")) {
      messages.add(ChatMessage.system(p.get("system_prompt").asText()));
    }
    messages.add(ChatMessage.user(task.question().prompt()));
    return new ChatRequest(
        p.get("model").asText(),
        messages,
        1,
        p.get("temperature").asDouble(),
        p.get("max_tokens").asInt(),
        seed + task.repeat(),
        p.hasNonNull("top_p") ? p.get("top_p").asDouble() : null,
        List.of());
  }

  /** Grades and writes the answer of one task; whether it was right. */
  private static boolean write(
      StageContext context,
      EvalBenchmark benchmark,
      Grader grader,
      Task task,
      long seed,
      CompletionBatch batch,
      Prices prices)
      throws Exception {
    OrderedCompletions.count(context, batch);
    context.out().count("cost_microusd", prices.microUsd(batch));
    Completion completion = batch.completions().get(0);
    String response = completion.content() == null ? "" : completion.content();
    Verdict verdict;
    if ("length".equals(completion.finishReason())) {
      context.out().count("truncated", 1);
      verdict = Verdict.wrong(null, "truncated at max_tokens");
    } else {
      try {
        verdict = grader.grade(task.question().reference(), response);
      } catch (IllegalArgumentException e) {
        throw context.userError(
            KIND,
            "the reference of question '"
                + task.question().id()
                + "' of benchmark "
                + benchmark.name()
                + " cannot be graded: "
                + e.getMessage());
      }
    }
    ObjectNode row = Rows.JSON.createObjectNode();
    row.put(Rows.ID, rowId(benchmark, task));
    row.put("benchmark", benchmark.name());
    row.put("question_id", task.question().id());
    row.put("repeat", task.repeat());
    row.put("seed", seed + task.repeat());
    row.put("reference", task.question().reference());
    row.put(TeacherStage.REASONING, completion.reasoning());
    row.put(TeacherStage.RESPONSE, completion.content());
    row.put(TeacherStage.FINISH_REASON, completion.finishReason());
    row.put(TeacherStage.COMPLETION_TOKENS, completion.completionTokens());
    row.put("extracted", verdict.extracted());
    row.put("correct", verdict.correct());
    row.put("reason", verdict.reason());
    context.out().write(row);
    context.out().count(verdict.correct() ? "correct" : "wrong", 1);
    return verdict.correct();
  }

  /** The results file, in Evalchemy's layout. */
  static ObjectNode results(
      ObjectNode p,
      List<EvalBenchmark> benchmarks,
      List<List<Question>> questions,
      long[][] solved) {
    ObjectNode out = Rows.JSON.createObjectNode();
    ObjectNode results = out.putObject("results");
    for (int b = 0; b < benchmarks.size(); b++) {
      EvalBenchmark benchmark = benchmarks.get(b);
      int total = questions.get(b).size();
      ObjectNode task = results.putObject(benchmark.name());
      ArrayNode runs = task.putArray("run_stats");
      double[] accuracies = new double[solved[b].length];
      for (int r = 0; r < accuracies.length; r++) {
        accuracies[r] = (double) solved[b][r] / total;
        runs.addObject()
            .put("repetition", r + 1)
            .put("num_solved", solved[b][r])
            .put("num_total", total)
            .put("accuracy", accuracies[r]);
      }
      task.put("accuracy_avg", mean(accuracies));
      task.put("accuracy_std_err", stdErr(accuracies));
      task.put("num_repeat", accuracies.length);
      task.put("num_total", total);
      task.put("type", benchmark.type());
    }
    ObjectNode config = out.putObject("config");
    for (String param :
        List.of("model", "base_url", "temperature", "max_tokens", "seed", "top_p")) {
      if (p.hasNonNull(param)) {
        config.set(param, p.get(param));
      }
    }
    return out;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : sum / values.length;
  }

  /** numpy's {@code std(values) / sqrt(len(values))}: the population deviation (ddof 0). */
  static double stdErr(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double mean = mean(values);
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / values.length) / Math.sqrt(values.length);
  }
}
