package io.virtseed.cli;

/** How listing commands print: for people or for programs. */
enum OutputFormat {
    TABLE, JSON
}
