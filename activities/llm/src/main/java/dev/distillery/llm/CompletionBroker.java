package dev.distillery.llm;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.json.Json;
import dev.distillery.plan.ContentAddress;
import dev.distillery.store.BlobStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Never pays twice for a completion. Each sample of a prompt has a key: the sha256 of the endpoint
 * (as the recipe names it), the model, the generation params, the messages and the sample index. A
 * completion is stored under {@code completions/<k[0..2]>/<key>.json} as soon as it arrives, and
 * any later stage, experiment or sweep that asks for the same key reads it instead of calling the
 * endpoint: asking for 16 samples after 4 requests only samples 4..15. Within one worker, a key
 * being requested is claimed, so concurrent stages wait for it rather than request it again. A
 * retried attempt of a killed stage re-requests only what was in flight. Thread-safe; one per
 * worker.
 *
 * <p><b>Seeds.</b> With a seed, samples follow vLLM's rule for {@code n > 1}: choice {@code j} of a
 * request with seed {@code s} is sampled with seed {@code s + j}. Sample {@code i} of seed {@code
 * s} is therefore the same answer as sample 0 of seed {@code s + i}, and is stored under that key.
 * The request for missing samples {@code k..n-1} carries seed {@code s + k} (one request per run of
 * consecutive missing samples), so a sample is the same answer whether it came from one request for
 * all of them or from a later top-up, and a top-up never repeats an earlier sample.
 */
public final class CompletionBroker {
  private static final ObjectMapper JSON = Json.mapper();
  // Looking up a provider for every key costs more than hashing it.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private final BlobStore store;
  private final Map<String, CompletableFuture<Completion>> inFlight = new ConcurrentHashMap<>();

  public CompletionBroker(BlobStore store) {
    this.store = store;
  }

  /**
   * Samples {@code 0..request.n()-1} of {@code request}, from the store, from a request already in
   * flight, or from one request to {@code client} for the missing ones.
   *
   * @param endpoint the endpoint as the recipe names it (not the resolved URL), part of the key
   */
  public CompletionBatch complete(String endpoint, ChatRequest request, ChatClient client)
      throws LlmException, InterruptedException, IOException {
    int n = request.n();
    Completion[] samples = new Completion[n];
    List<Integer> claimed = new ArrayList<>();
    Map<Integer, String> claimedKeys = new java.util.HashMap<>();
    Map<Integer, CompletableFuture<Completion>> waiting = new java.util.HashMap<>();
    String[] keys = keys(endpoint, request);
    for (int i = 0; i < n; i++) {
      String key = keys[i];
      CompletableFuture<Completion> mine = new CompletableFuture<>();
      CompletableFuture<Completion> theirs = inFlight.putIfAbsent(key, mine);
      if (theirs != null) {
        waiting.put(i, theirs);
        continue;
      }
      Optional<Completion> stored;
      try {
        stored = read(key);
      } catch (IOException | RuntimeException e) {
        inFlight.remove(key, mine);
        mine.completeExceptionally(e);
        release(claimedKeys.values(), e);
        throw e;
      }
      if (stored.isPresent()) {
        samples[i] = withSample(stored.get(), i).asCached();
        inFlight.remove(key, mine);
        mine.complete(samples[i]);
      } else {
        claimed.add(i);
        claimedKeys.put(i, key);
      }
    }
    int requests = 0;
    int retries = 0;
    long promptTokens = 0;
    long completionTokens = 0;
    Map<String, Integer> errors = new java.util.TreeMap<>();
    try {
      for (SampleRequest missing : requestsFor(request, claimed)) {
        ChatResponse response = client.complete(missing.request());
        requests++;
        retries += response.attempts() - 1;
        response.errors().forEach((kind, count) -> errors.merge(kind, count, Integer::sum));
        promptTokens += response.promptTokens();
        completionTokens += response.completionTokens();
        int count = missing.samples().size();
        if (response.choices().size() < count) {
          throw new LlmException(
              "the endpoint returned " + response.choices().size() + " choices for n=" + count,
              0,
              true,
              null);
        }
        for (int j = 0; j < count; j++) {
          int sample = missing.samples().get(j);
          ChatChoice choice = response.choices().get(j);
          Completion completion =
              new Completion(
                  sample,
                  choice.reasoning(),
                  choice.content(),
                  choice.finishReason(),
                  response.promptTokens() / count,
                  response.completionTokens() / count,
                  response.latencyMillis(),
                  false);
          String key = claimedKeys.remove(sample);
          write(key, completion);
          samples[sample] = completion;
          inFlight.remove(key).complete(completion);
        }
      }
    } catch (LlmException | IOException | RuntimeException | InterruptedException e) {
      release(claimedKeys.values(), e);
      throw e;
    }
    for (var entry : waiting.entrySet()) {
      try {
        samples[entry.getKey()] = withSample(entry.getValue().get(), entry.getKey()).asCached();
      } catch (ExecutionException e) {
        // The claimant failed; ask again (what it did obtain is stored by now).
        ChatRequest upTo = request.withN(entry.getKey() + 1);
        CompletionBatch retry = complete(endpoint, upTo, client);
        samples[entry.getKey()] = retry.completions().get(entry.getKey());
        requests += retry.requests();
        retries += retry.retries();
        promptTokens += retry.promptTokens();
        completionTokens += retry.completionTokens();
        retry.errors().forEach((kind, count) -> errors.merge(kind, count, Integer::sum));
      }
    }
    return new CompletionBatch(
        List.of(samples), requests, retries, promptTokens, completionTokens, errors);
  }

  /** Fails the claims on {@code keys}, so that stages waiting for them ask again. */
  private void release(java.util.Collection<String> keys, Exception cause) {
    for (String key : keys) {
      CompletableFuture<Completion> future = inFlight.remove(key);
      if (future != null) {
        future.completeExceptionally(cause);
      }
    }
  }

  /**
   * The requests that obtain {@code missing} (ascending sample indices) of {@code request}: one for
   * all of them without a seed; with seed {@code s}, one per run of consecutive samples {@code
   * a..b}, with {@code n = b - a + 1} and seed {@code s + a}, so choice {@code j} is sampled with
   * seed {@code s + a + j} as vLLM does.
   */
  public static List<SampleRequest> requestsFor(ChatRequest request, List<Integer> missing) {
    if (missing.isEmpty()) {
      return List.of();
    }
    if (request.seed() == null) {
      return List.of(new SampleRequest(missing, request.withN(missing.size())));
    }
    List<SampleRequest> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= missing.size(); i++) {
      if (i == missing.size() || missing.get(i) != missing.get(i - 1) + 1) {
        List<Integer> run = List.copyOf(missing.subList(from, i));
        out.add(
            new SampleRequest(
                run, request.withN(run.size()).withSeed(seedOf(request.seed(), run.get(0)))));
        from = i;
      }
    }
    return out;
  }

  /** Seed {@code seed + sample}, refusing to wrap around. */
  private static long seedOf(long seed, int sample) {
    try {
      return Math.addExact(seed, sample);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "seed " + seed + " leaves no room for sample " + sample + "; use a smaller seed", e);
    }
  }

  /**
   * The key of each sample {@code 0..n-1} of {@code request}: {@code sha256(keyPrefix + i)} without
   * a seed; with seed {@code s}, sample {@code i} has the key of sample 0 of seed {@code s + i}
   * (see the class comment).
   */
  static String[] keys(String endpoint, ChatRequest request) {
    String[] keys = new String[request.n()];
    if (request.seed() == null) {
      String prefix = keyPrefix(endpoint, request);
      for (int i = 0; i < keys.length; i++) {
        keys[i] = sha256(prefix + i);
      }
      return keys;
    }
    String[] parts = keyParts(endpoint, request);
    for (int i = 0; i < keys.length; i++) {
      keys[i] = sha256(parts[0] + seedOf(request.seed(), i) + parts[1] + 0);
    }
    return keys;
  }

  /**
   * The part of every sample key that all samples of a request share: the canonical JSON ({@link
   * ContentAddress#canonicalJson}) of the endpoint, model, params and messages, then {@code
   * #sample=}. Written directly, keys already in order, rather than built as a tree and sorted:
   * this runs for every request. {@link #canonicalKeyPrefix} is the same through a tree; the two
   * must agree, as keys name stored completions.
   */
  static String keyPrefix(String endpoint, ChatRequest request) {
    String[] parts = keyParts(endpoint, request);
    return request.seed() == null ? parts[0] + parts[1] : parts[0] + request.seed() + parts[1];
  }

  /**
   * {@link #keyPrefix} in two parts around the seed's value: with a seed, the prefix is {@code
   * parts[0] + seed + parts[1]}; without one, {@code parts[0] + parts[1]}.
   */
  private static String[] keyParts(String endpoint, ChatRequest request) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"endpoint\":");
    string(endpoint, out);
    out.append(",\"maxTokens\":").append(request.maxTokens());
    out.append(",\"messages\":[");
    List<ChatMessage> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      out.append(i == 0 ? "{\"content\":" : ",{\"content\":");
      string(messages.get(i).content(), out);
      out.append(",\"role\":");
      string(messages.get(i).role(), out);
      out.append('}');
    }
    out.append("],\"model\":");
    string(request.model(), out);
    if (request.seed() != null) {
      out.append(",\"seed\":");
    }
    String head = out.toString();
    out.setLength(0);
    if (!request.stop().isEmpty()) {
      out.append(",\"stop\":[");
      for (int i = 0; i < request.stop().size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        string(request.stop().get(i), out);
      }
      out.append(']');
    }
    out.append(",\"temperature\":").append(number(request.temperature()));
    if (request.topP() != null) {
      out.append(",\"topP\":").append(number(request.topP()));
    }
    return new String[] {head, out.append("}#sample=").toString()};
  }

  /** {@link #keyPrefix} the slow way, through a JSON tree: what keys were first defined as. */
  static String canonicalKeyPrefix(String endpoint, ChatRequest request) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("endpoint", endpoint);
    doc.put("model", request.model());
    doc.put("temperature", request.temperature());
    doc.put("maxTokens", request.maxTokens());
    if (request.seed() != null) {
      doc.put("seed", request.seed());
    }
    if (request.topP() != null) {
      doc.put("topP", request.topP());
    }
    if (!request.stop().isEmpty()) {
      request.stop().forEach(doc.putArray("stop")::add);
    }
    ArrayNode messages = doc.putArray("messages");
    request
        .messages()
        .forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
    return ContentAddress.canonicalJson(doc) + "#sample=";
  }

  /** A JSON string as {@link ContentAddress#canonicalJson} writes it (null as {@code null}). */
  private static void string(String s, StringBuilder out) {
    if (s == null) {
      out.append("null");
      return;
    }
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    out.append('"');
  }

  /** A double as {@link ContentAddress#canonicalJson} writes it: never exponent form. */
  private static String number(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("no canonical JSON for " + value);
    }
    BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
    return d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
  }

  static String path(String key) {
    return "completions/" + key.substring(0, 2) + "/" + key + ".json";
  }

  private Optional<Completion> read(String key) throws IOException {
    Optional<byte[]> bytes = store.get(path(key));
    return bytes.isEmpty()
        ? Optional.empty()
        : Optional.of(JSON.readValue(bytes.get(), Completion.class));
  }

  /** The sample indices of {@code request} that have no stored completion yet. */
  public List<Integer> missingSamples(String endpoint, ChatRequest request) throws IOException {
    String[] keys = keys(endpoint, request);
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      if (!store.exists(path(keys[i]))) {
        missing.add(i);
      }
    }
    return missing;
  }

  /**
   * Stores a completion obtained elsewhere (a Batch API result) as sample {@code sample} of {@code
   * request}, so every later ask finds it.
   */
  public void put(String endpoint, ChatRequest request, int sample, Completion completion)
      throws IOException {
    write(keys(endpoint, request.withN(sample + 1))[sample], withSample(completion, sample));
  }

  private void write(String key, Completion completion) throws IOException {
    store.put(path(key), JSON.writeValueAsBytes(completion));
  }

  private static Completion withSample(Completion c, int sample) {
    return new Completion(
        sample,
        c.reasoning(),
        c.content(),
        c.finishReason(),
        c.promptTokens(),
        c.completionTokens(),
        c.latencyMillis(),
        c.cached());
  }

  private static String sha256(String text) {
    MessageDigest digest = SHA256.get();
    return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
