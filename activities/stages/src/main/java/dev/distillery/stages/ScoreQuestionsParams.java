package dev.distillery.stages;

import dev.distillery.recipe.Param;
import dev.distillery.recipe.ParamGroup;
import java.util.List;
import java.util.Map;

/** The params of a {@code score-questions} stage, as recipes write them (snake case). */
public record ScoreQuestionsParams(
    @Param(
            doc = "random, llm-difficulty, response-length, askllm, embedding or classifier",
            required = true,
            oneOf = {
              "random",
              "llm-difficulty",
              "response-length",
              "askllm",
              "embedding",
              "classifier"
            })
        String method,
    @Param(doc = "keep the N best-scoring questions", min = 0) Integer keepTop,
    @Param(doc = "keep this fraction, in (0, 1], best first", fraction = true) Double keep,
    @Param(doc = "keep questions scoring at least this") Double minScore,
    @Param(doc = "ties, random scores, training", defaultValue = "0") Long seed,
    @Param(doc = "endpoint of the LLM methods", endpointUrl = true) String baseUrl,
    @Param(doc = "model of the LLM methods") String model,
    @Param(doc = "name of the env var holding the API key") String apiKeyEnv,
    @Param(doc = "sampling temperature; 0 for ratings") Double temperature,
    @Param(doc = "completion token limit") Integer maxTokens,
    @Param(doc = "llm-difficulty: replaces the default rubric") String rubric,
    @Param(
            doc = "response-length: user message, {question}",
            placeholders = {"question"},
            requiredPlaceholder = "question")
        String promptTemplate,
    @Param(doc = "askllm: example questions to match") List<String> examples,
    @Param(doc = "embedding, classifier: JSONL to keep like", file = true) List<String> positives,
    @Param(doc = "embedding, classifier: JSONL to drop like", file = true) List<String> negatives,
    @Param(
            doc =
                "sha256 of each local file named in positives and negatives;"
                    + " distill fills it in when it plans, so that a changed file"
                    + " gets a new content address")
        Map<String, String> filesSha256,
    @ParamGroup RequestLimitParams requestLimits) {}
