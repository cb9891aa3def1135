/**
 * Training and serving as plain Java, without Temporal: the study's presets, the LLaMA-Factory
 * configuration they become, a trainer that runs a configured command in its own process group
 * (streaming its log, resuming from the last checkpoint, killing the whole tree on cancel), and a
 * served model started from a command and stopped with its process tree.
 */
package dev.distillery.training;
