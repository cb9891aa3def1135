package dev.distillery.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Encodes chat-completions requests and decodes their responses. */
final class OpenAiJson {

  private static final ObjectMapper MAPPER = Json.mapper();
  private static final String THINK_OPEN = "<think>";
  private static final String THINK_CLOSE = "</think>";

  private OpenAiJson() {}

  /**
   * The {@code error.code} (else {@code error.type}) of an error body in OpenAI's shape, e.g.
   * {@code insufficient_quota}; null for any other body.
   */
  static String errorCode(byte[] body) {
    if (body == null || body.length == 0 || body[0] != '{') {
      return null;
    }
    try {
      JsonNode error = MAPPER.readTree(body).path("error");
      JsonNode code = error.path("code").isTextual() ? error.path("code") : error.path("type");
      return code.isTextual() ? code.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  static byte[] encodeRequest(ChatRequest request) {
    try {
      return MAPPER.writeValueAsBytes(requestNode(request));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a chat request", e);
    }
  }

  /** The JSON body of a chat-completions request. */
  static ObjectNode requestNode(ChatRequest request) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages.addObject().put("role", message.role()).put("content", message.content());
    }
    body.put("n", request.n());
    body.put("temperature", request.temperature());
    body.put("max_tokens", request.maxTokens());
    if (request.seed() != null) {
      body.put("seed", request.seed());
    }
    if (request.topP() != null) {
      body.put("top_p", request.topP());
    }
    if (!request.stop().isEmpty()) {
      request.stop().forEach(body.putArray("stop")::add);
    }
    return body;
  }

  /**
   * Decodes a response body, requiring at least {@code n} choices with text content.
   *
   * @throws MalformedResponseException when the body is not such a response
   */
  static ChatResponse decodeResponse(byte[] body, int n, long latencyMillis, int attempts)
      throws MalformedResponseException {
    if (body == null || isBlank(body)) {
      throw new MalformedResponseException("empty body");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedResponseException("body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedResponseException("body is not JSON: " + e.getMessage(), e);
    }
    return decodeResponse(root, n, latencyMillis, attempts);
  }

  /**
   * Decodes a parsed response body, requiring at least {@code n} choices.
   *
   * <p>A choice whose {@code message.content} is null or missing is an answer with empty content:
   * that is how vLLM's reasoning parsers report a completion cut at {@code max_tokens} inside the
   * reasoning ({@code finish_reason: length}, the trace in {@code reasoning_content} or {@code
   * reasoning}), and it is a complete, paid answer. {@link #requireAnswers} decides whether a
   * choice is an empty glitch.
   *
   * @throws MalformedResponseException when {@code root} has no choices array, fewer choices than
   *     requested, or a choice without a message object or with a content that is not a string
   */
  static ChatResponse decodeResponse(JsonNode root, int n, long latencyMillis, int attempts)
      throws MalformedResponseException {
    JsonNode choicesNode = root == null ? null : root.get("choices");
    if (choicesNode == null || !choicesNode.isArray()) {
      throw new MalformedResponseException("body has no choices array");
    }
    List<ChatChoice> choices = new ArrayList<>();
    for (int position = 0; position < choicesNode.size(); position++) {
      JsonNode choice = choicesNode.get(position);
      JsonNode message = choice.get("message");
      if (message == null || !message.isObject()) {
        throw new MalformedResponseException("choice " + position + " has no message object");
      }
      JsonNode content = message.get("content");
      if (content != null && !content.isNull() && !content.isTextual()) {
        throw new MalformedResponseException(
            "choice "
                + position
                + " has a message.content of type "
                + content.getNodeType().toString().toLowerCase()
                + ", not a string");
      }
      JsonNode reasoning = message.get("reasoning_content");
      if (reasoning == null || !reasoning.isTextual()) {
        reasoning = message.get("reasoning");
      }
      JsonNode finish = choice.get("finish_reason");
      choices.add(
          toChoice(
              choice.path("index").asInt(position),
              reasoning != null && reasoning.isTextual() ? reasoning.asText() : null,
              content != null && content.isTextual() ? content.asText() : "",
              finish != null && finish.isTextual() ? finish.asText() : "unknown"));
    }
    if (choices.size() == 1 && n > 1) {
      throw new SingleChoiceException(n);
    }
    if (choices.size() < n) {
      throw new MalformedResponseException(
          "body has " + choices.size() + " choices, " + n + " were requested");
    }
    choices.sort(Comparator.comparingInt(ChatChoice::index));
    JsonNode usage = root.path("usage");
    return new ChatResponse(
        choices,
        usage.path("prompt_tokens").asLong(0),
        usage.path("completion_tokens").asLong(0),
        latencyMillis,
        attempts);
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * Rejects a response in which a choice stopped normally with nothing in it, neither content nor
   * reasoning: an overloaded server's glitch, not the model's output. A choice cut at {@code
   * max_tokens} ({@code finish_reason: length}) is never rejected, whatever it holds.
   *
   * @throws EmptyCompletionException when a choice has empty content, no reasoning and {@code
   *     finish_reason} {@code stop}
   */
  static void requireAnswers(ChatResponse response) throws EmptyCompletionException {
    for (ChatChoice choice : response.choices()) {
      if (choice.content().isEmpty()
          && choice.reasoning().isEmpty()
          && "stop".equals(choice.finishReason())) {
        throw new EmptyCompletionException(choice.index());
      }
    }
  }

  /**
   * Builds a choice, taking the reasoning from {@code <think>...</think>} in {@code content} when
   * the endpoint did not report it separately. An unclosed {@code <think>} (a truncated trace)
   * makes the rest of the text reasoning; a lone {@code </think>} (the opening tag was in the chat
   * template) makes the text before it reasoning.
   */
  static ChatChoice toChoice(int index, String reasoning, String content, String finishReason) {
    if (reasoning != null && !reasoning.isBlank()) {
      return new ChatChoice(index, reasoning.trim(), content.trim(), finishReason);
    }
    int open = content.indexOf(THINK_OPEN);
    int close = content.indexOf(THINK_CLOSE, open < 0 ? 0 : open);
    String inside;
    String rest;
    if (open >= 0 && close >= 0) {
      inside = content.substring(open + THINK_OPEN.length(), close);
      rest = content.substring(0, open) + content.substring(close + THINK_CLOSE.length());
    } else if (open >= 0) {
      inside = content.substring(open + THINK_OPEN.length());
      rest = content.substring(0, open);
    } else if (close >= 0) {
      inside = content.substring(0, close);
      rest = content.substring(close + THINK_CLOSE.length());
    } else {
      inside = "";
      rest = content;
    }
    return new ChatChoice(index, inside.trim(), rest.trim(), finishReason);
  }
}
