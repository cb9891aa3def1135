package dev.distillery.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the activities and the workers, configured once.
 *
 * <p>Its configuration is Jackson's default on purpose: rows, requests and stage outputs are
 * written with it and hashed into content addresses, so a new feature here would change those
 * bytes. Code that needs another setting derives a reader, a writer or a {@link
 * ObjectMapper#copy()} from it and never reconfigures the shared instance. The store keeps its own
 * mapper ({@code StoreJson}: sorted keys, ISO instants).
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /** The shared mapper; thread-safe, not to be reconfigured. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
