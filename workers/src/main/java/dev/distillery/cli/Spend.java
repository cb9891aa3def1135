package dev.distillery.cli;

import dev.distillery.store.Manifest;
import java.util.Map;

/**
 * What producing artifacts cost, from their manifests' counters.
 *
 * @param tokens prompt plus completion tokens
 * @param microUsd cost in millionths of a dollar
 */
record Spend(long tokens, long microUsd) {
  static final Spend ZERO = new Spend(0, 0);

  /** The spend a manifest records: its token counters and {@code cost_microusd}. */
  static Spend of(Manifest manifest) {
    Map<String, Long> extra = manifest.extra();
    long tokens =
        extra.getOrDefault("prompt_tokens", 0L) + extra.getOrDefault("completion_tokens", 0L);
    if (!extra.containsKey("prompt_tokens") && !extra.containsKey("completion_tokens")) {
      tokens = extra.getOrDefault("tokens", 0L);
    }
    return new Spend(tokens, extra.getOrDefault("cost_microusd", 0L));
  }

  Spend plus(Spend other) {
    return new Spend(tokens + other.tokens, microUsd + other.microUsd);
  }

  /** The cost in dollars, for people: {@code $0.0164}. */
  String dollars() {
    return String.format("$%.4f", microUsd / 1e6);
  }
}
