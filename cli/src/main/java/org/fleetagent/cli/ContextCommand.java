package org.fleetagent.cli;

import java.util.concurrent.Callable;

/** A command that uses the {@link CliContext}: {@link Cli}'s factory sets {@link #ctx} right after creating it. */
abstract class ContextCommand implements Callable<Integer> {
    /** Set once by the factory, before picocli parses into the command ({@code container} widens its streams). */
    CliContext ctx;
}
