package org.fleetagent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that only groups its actions ({@code fleet}, {@code vault}): run without one, it is a usage error. */
abstract class ActionGroup implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    RootCommand root;

    /** What the error names after "needs an action: ": the actions, or the one command line there is. */
    abstract String actions();

    @Override
    public final Integer call() {
        throw Usage.of(spec).error(spec.name() + " needs an action: " + actions());
    }
}
