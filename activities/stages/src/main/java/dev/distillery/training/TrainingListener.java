package dev.distillery.training;

/** Receives a training or serving command's log, line by line, as it comes. */
@FunctionalInterface
public interface TrainingListener {
  /** One line of the command's merged stdout and stderr, without its line terminator. */
  void line(String line);
}
