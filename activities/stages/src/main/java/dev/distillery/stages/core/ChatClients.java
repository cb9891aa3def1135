package dev.distillery.stages.core;

import dev.distillery.llm.ChatClient;
import dev.distillery.llm.OpenAiBatchClient;
import dev.distillery.llm.OpenAiEmbeddingClient;
import dev.distillery.llm.OpenAiFineTuneClient;

/** Creates chat clients for the endpoints recipes name. */
public interface ChatClients {
  /** A client for {@code endpoint}; clients of the same endpoint share its rate limits. */
  ChatClient create(EndpointSpec endpoint) throws StageUserException;

  /** An embeddings client for {@code endpoint}; none unless the implementation offers one. */
  default OpenAiEmbeddingClient embeddings(EndpointSpec endpoint) throws StageUserException {
    throw new StageUserException(
        "endpoint " + endpoint.baseUrl() + " has no embeddings client here");
  }

  /** A Batch API client for {@code endpoint}; none unless the implementation offers one. */
  default OpenAiBatchClient batch(EndpointSpec endpoint) throws StageUserException {
    throw new StageUserException(
        "endpoint " + endpoint.baseUrl() + " has no Batch API client here; use mode: online");
  }

  /** A fine-tuning API client for {@code endpoint}; none unless the implementation offers one. */
  default OpenAiFineTuneClient fineTuning(EndpointSpec endpoint) throws StageUserException {
    throw new StageUserException(
        "endpoint " + endpoint.baseUrl() + " has no fine-tuning API client here");
  }
}
