package dev.distillery.recipe;

/**
 * A file read by path, with its includes resolved.
 *
 * @param file the file's name as problems show it: its path joined to the first file's folder
 * @param tree its tree, merged with the files it includes
 */
record LoadedFile(String file, LocatedTree tree) {}
