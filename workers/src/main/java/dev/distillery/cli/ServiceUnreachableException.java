package dev.distillery.cli;

import dev.distillery.config.ConfigException;

/**
 * The settings name a service (Temporal) that does not answer: exit code {@link
 * ExitCodes#UNAVAILABLE}, where other {@link ConfigException}s are invalid input. Commands that can
 * do without Temporal catch it as a {@link ConfigException} and go on with the store.
 */
final class ServiceUnreachableException extends ConfigException {
  ServiceUnreachableException(String message) {
    super(message);
  }
}
