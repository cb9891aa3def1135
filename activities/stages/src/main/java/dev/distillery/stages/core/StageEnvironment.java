package dev.distillery.stages.core;

import java.nio.file.Path;

/**
 * What a worker gives every kind when it creates the kind's {@link Stage}.
 *
 * @param trainDir where {@code train} stages without {@code work_dir} keep their folders
 */
public record StageEnvironment(Path trainDir) {}
