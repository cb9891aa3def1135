package dev.distillery.stages;

/**
 * A row that fuzzy dedup kept and that a later row may duplicate.
 *
 * @param id the row's id, recorded as {@code duplicate_of} on the rows it absorbs
 * @param text its normalized question text
 */
record KeptRow(String id, String text) {}
