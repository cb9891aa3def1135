package dev.distillery.llm;

/** A 2xx response whose body is not a usable chat completion; worth retrying. */
class MalformedResponseException extends Exception {
  MalformedResponseException(String message) {
    super(message);
  }

  MalformedResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
