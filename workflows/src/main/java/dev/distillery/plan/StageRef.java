package dev.distillery.plan;

/**
 * The address of a stage's artifact: its kind and content key.
 *
 * @param kind the stage kind name
 * @param key the content address (64 hex chars of sha256)
 */
public record StageRef(String kind, String key) {
  /** The path of the stage's folder under the store prefix: {@code stages/<kind>/<key>}. */
  public String folder() {
    return "stages/" + kind + "/" + key;
  }

  /** The first 12 hex chars of the key, enough to read in tables and logs. */
  public String shortKey() {
    return key.substring(0, 12);
  }
}
