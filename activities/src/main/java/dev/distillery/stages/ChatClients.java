package dev.distillery.stages;

import dev.distillery.llm.ChatClient;

/** Creates chat clients for the endpoints recipes name. */
public interface ChatClients {
  /** A client for {@code endpoint}; clients of the same endpoint share its rate limits. */
  ChatClient create(EndpointSpec endpoint) throws StageUserException;
}
