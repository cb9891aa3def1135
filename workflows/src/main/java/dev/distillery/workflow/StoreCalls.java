package dev.distillery.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Options for the short activities that read or write the store on a workflow's behalf (manifest
 * lookups, plan pages, experiment records): a minute each, retried with backoff for ten minutes or
 * so, since an unreachable store is usually a passing outage.
 */
final class StoreCalls {
  private StoreCalls() {}

  static ActivityOptions options(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setSummary(summary)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(20)
                .build())
        .build();
  }
}
