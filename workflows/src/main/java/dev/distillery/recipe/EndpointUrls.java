package dev.distillery.recipe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Checks the endpoint URLs a recipe or sweep names ({@code base_url}, budget keys): {@code http://}
 * or {@code https://} with a host, or {@code simulated://} for the local simulator.
 */
final class EndpointUrls {
  /** What a valid endpoint URL looks like, completing "must be ...". */
  static final String REQUIREMENT = "an http:// or https:// URL with a host (or simulated://)";

  private static final List<String> SCHEMES = List.of("http", "https");

  private EndpointUrls() {}

  /** What is wrong with {@code url}, with the fix, or null when it is a usable endpoint. */
  static String problem(String url) {
    if (url.startsWith("simulated://")) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "it is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")";
    }
    String scheme = uri.getScheme();
    if (scheme == null || !SCHEMES.contains(scheme) && !url.startsWith(scheme + "://")) {
      // "localhost:8000/v1" parses with the scheme "localhost".
      return "it has no scheme: write http://" + url + " or https://" + url;
    }
    if (!SCHEMES.contains(scheme)) {
      String rest = url.substring(scheme.length());
      return Suggest.closest(scheme, SCHEMES).map(s -> "did you mean " + s + rest + "? ").orElse("")
          + "the scheme '"
          + scheme
          + "' is not http or https; the model is called over HTTP (simulated:// names the"
          + " local simulator)";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty() || !url.startsWith(scheme + "://")) {
      return "it has no host: write it as "
          + scheme
          + "://host:port/v1 (a host name may hold letters, digits, '-' and '.', not '_')";
    }
    return null;
  }
}
