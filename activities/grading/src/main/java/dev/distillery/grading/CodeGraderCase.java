package dev.distillery.grading;

/**
 * One test of a coding task.
 *
 * @param input the program's stdin, or for a functional test the call's arguments, one JSON value a
 *     line
 * @param output the expected stdout, or for a functional test the JSON of the expected result
 * @param functional whether the test calls a function instead of running the program on stdin
 */
record CodeGraderCase(String input, String output, boolean functional) {}
