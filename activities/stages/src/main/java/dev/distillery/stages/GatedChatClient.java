package dev.distillery.stages;

import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.ChatResponse;
import dev.distillery.llm.LlmException;
import dev.distillery.stages.core.SpendGate;
import dev.distillery.stages.core.StagePausedException;

/**
 * A {@link ChatClient} that asks a {@link SpendGate} before every request and reports what each
 * cost; when the gate is closed it sends nothing and throws {@link StagePausedException}.
 */
final class GatedChatClient implements ChatClient {
  private final ChatClient delegate;
  private final SpendGate gate;
  private final Prices prices;

  GatedChatClient(ChatClient delegate, SpendGate gate, Prices prices) {
    this.delegate = delegate;
    this.gate = gate;
    this.prices = prices;
  }

  @Override
  public ChatResponse complete(ChatRequest request) throws LlmException, InterruptedException {
    if (!gate.admit()) {
      throw new StagePausedException("the sweep's budget for this endpoint is used up");
    }
    ChatResponse response = delegate.complete(request);
    gate.spent(
        response.promptTokens() + response.completionTokens(),
        prices.microUsd(response.promptTokens(), response.completionTokens()));
    return response;
  }

  @Override
  public int waitingToRetry() {
    return delegate.waitingToRetry();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
