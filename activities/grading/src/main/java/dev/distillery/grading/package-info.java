/**
 * Graders for evaluation and answer filtering: math equivalence, multiple choice and code run in a
 * sandbox. Pure functions of a reference and a response; they touch no store and no endpoint.
 */
package dev.distillery.grading;
