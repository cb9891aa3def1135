package dev.distillery.download;

import java.nio.file.Path;

/**
 * A completely downloaded URL in the local cache.
 *
 * @param file the cached bytes, exactly as served
 * @param bytes the file's length, checked against the length the server announced
 * @param sha256 the sha256 (hex) of the bytes, the content identity of what was read
 * @param etag the server's {@code ETag}, or null when it sent none
 * @param lastModified the server's {@code Last-Modified}, or null when it sent none
 * @param fromCache true when the server confirmed the cached copy (304) and no body was fetched
 * @param resumes how many times an interrupted transfer was resumed from the partial file
 */
public record Download(
    Path file,
    long bytes,
    String sha256,
    String etag,
    String lastModified,
    boolean fromCache,
    int resumes) {}
