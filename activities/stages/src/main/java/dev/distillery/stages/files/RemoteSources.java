package dev.distillery.stages.files;

import dev.distillery.download.Download;
import dev.distillery.download.HttpDownloader;
import dev.distillery.download.HttpStatusException;
import dev.distillery.download.HuggingFaceUris;
import dev.distillery.http.Retrier;
import dev.distillery.http.RetryPolicy;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import java.io.FileNotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Downloads {@code http(s)://} and {@code hf://datasets/...} sources into the worker's download
 * cache, reporting bytes as progress, and records what was read in the stage's counters: {@code
 * download.bytes}, {@code download.resumes}, {@code download.from_cache}, {@code
 * download.sha256.<hex>} and, when the server sent them, {@code download.etag.<etag>} and {@code
 * download.last_modified_epoch_seconds}. A URL's content can change between runs; these counters
 * say which content a stage read.
 */
final class RemoteSources {
  /** Environment variable naming the download cache directory. */
  static final String CACHE_DIR_ENV = "DISTILLERY_DOWNLOAD_DIR";

  /** Environment variable overriding the Hugging Face endpoint, as in Hugging Face's own tools. */
  static final String HF_ENDPOINT_ENV = "HF_ENDPOINT";

  private static final String KIND = "source";

  private RemoteSources() {}

  /** Whether {@code location} is fetched over HTTP rather than opened as a file or S3 object. */
  static boolean isRemote(String location) {
    return location.startsWith("https://")
        || location.startsWith("http://")
        || HuggingFaceUris.isHuggingFace(location);
  }

  /** Downloads (or revalidates) {@code location} and returns the cached file. */
  static Path fetch(StageContext context, String location) throws Exception {
    Map<String, String> env = context.services().environment();
    URI uri;
    if (HuggingFaceUris.isHuggingFace(location)) {
      try {
        uri =
            HuggingFaceUris.resolve(
                location, env.getOrDefault(HF_ENDPOINT_ENV, HuggingFaceUris.DEFAULT_ENDPOINT));
      } catch (IllegalArgumentException e) {
        throw context.userError(
            KIND,
            "params.path '" + location + "' is not a Hugging Face file URI: " + e.getMessage());
      }
    } else {
      uri = URI.create(location);
    }
    String token = token(context);
    Path cacheDir =
        env.containsKey(CACHE_DIR_ENV)
            ? Path.of(env.get(CACHE_DIR_ENV))
            : Path.of(System.getProperty("java.io.tmpdir"), "distillery-downloads");
    HttpDownloader downloader =
        new HttpDownloader(
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(),
            cacheDir,
            new Retrier(RetryPolicy.defaults()));
    Download download;
    try {
      download =
          downloader.fetch(uri, token, (done, total) -> context.progress().report(done, total));
    } catch (FileNotFoundException e) {
      throw context.userError(
          KIND,
          "cannot read params.path '"
              + location
              + "': the server answered that "
              + uri
              + " does not exist. Fix the URL in the recipe"
              + (HuggingFaceUris.isHuggingFace(location)
                  ? " (hf://datasets/<owner>/<name>[@<revision>]/<path of the file in the repo>)."
                  : "."));
    } catch (HttpStatusException e) {
      boolean auth = e.status() == 401 || e.status() == 403;
      throw context.userError(
          KIND,
          "cannot read params.path '"
              + location
              + "': the server answered HTTP "
              + e.status()
              + (auth
                  ? ". The file needs a token, or the token has no access to it. Set"
                      + " params.token_env to the name of an environment variable that holds the"
                      + " token (for Hugging Face a read token), set that variable on the worker,"
                      + " and check that the token may read this repository."
                  : ". Check the URL in the recipe."));
    }
    record(context, download);
    return download.file();
  }

  private static String token(StageContext context) throws StageUserException {
    if (!context.params().hasNonNull("token_env")) {
      return null;
    }
    String name = context.params().get("token_env").asText();
    String token = context.services().environment().get(name);
    if (token == null || token.isBlank()) {
      throw context.userError(
          KIND,
          "params.token_env names the environment variable '"
              + name
              + "', which is not set on the worker. Set it to the access token before starting"
              + " the worker, or remove params.token_env for a public file.");
    }
    return token.trim();
  }

  private static void record(StageContext context, Download download) {
    var out = context.out();
    out.count("download.bytes", download.bytes());
    out.count("download.resumes", download.resumes());
    out.count("download.from_cache", download.fromCache() ? 1 : 0);
    out.count("download.sha256." + download.sha256(), 1);
    if (download.etag() != null) {
      String etag = download.etag().replaceFirst("^W/", "").replace("\"", "");
      if (etag.matches("[A-Za-z0-9._:-]{1,128}")) {
        out.count("download.etag." + etag, 1);
      }
    }
    if (download.lastModified() != null) {
      try {
        out.count(
            "download.last_modified_epoch_seconds",
            ZonedDateTime.parse(download.lastModified(), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toEpochSecond());
      } catch (DateTimeParseException e) {
        // An unparseable date is only left out of the counters; the sha256 identifies the content.
      }
    }
  }
}
