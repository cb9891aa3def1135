package dev.distillery.llm;

/**
 * A well-formed response with one choice where {@code n > 1} were asked for: the endpoint ignores
 * {@code n}, as some OpenAI-compatible servers do.
 */
final class SingleChoiceException extends MalformedResponseException {
  SingleChoiceException(int n) {
    super("the endpoint answered 1 choice where n=" + n + " were requested; it ignores n");
  }
}
