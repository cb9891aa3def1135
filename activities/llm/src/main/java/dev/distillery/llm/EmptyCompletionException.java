package dev.distillery.llm;

/**
 * A well-formed 2xx response with a choice that stopped normally ({@code finish_reason: stop})
 * holding neither content nor reasoning, as overloaded servers sometimes send; worth retrying.
 */
final class EmptyCompletionException extends MalformedResponseException {
  EmptyCompletionException(int choice) {
    super("choice " + choice + " is empty: no content, no reasoning, finish_reason stop");
  }
}
