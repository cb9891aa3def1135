package dev.distillery.grading;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one run of the Python runner left behind.
 *
 * @param result the runner's result line, or null when it wrote none (killed, crashed hard)
 * @param timedOut whether the wall-clock limit killed it
 * @param exitCode the launched process's exit code (128 + signal when a signal ended it)
 * @param stderrTail the end of its stderr, at most a few KB
 */
record CodeGraderRun(JsonNode result, boolean timedOut, int exitCode, String stderrTail) {}
