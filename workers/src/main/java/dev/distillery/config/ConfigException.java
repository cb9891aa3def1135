package dev.distillery.config;

/** A setting is missing or malformed. The message names the setting and the fix. */
public class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }
}
