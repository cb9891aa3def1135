package dev.distillery.llm.simulated;

import dev.distillery.llm.ChatMessage;
import java.util.List;

/**
 * A chat-completions request the simulator accepted.
 *
 * @param model the model asked for
 * @param messages the conversation
 * @param n the samples asked for
 * @param seed the sampling seed, or null
 * @param maxTokens the completion budget, or null for none
 */
record SimulatedRequest(
    String model, List<ChatMessage> messages, int n, Long seed, Integer maxTokens) {}
