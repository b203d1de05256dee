package org.fleetagent.enrollment;

import org.fleetagent.bootstrap.BootstrapProgress;
import org.fleetagent.enroll.EnrollProgress;

/**
 * What an enrollment tells, and may ask, the person or script running it. The command line implements it on its
 * streams (and the terminal); tests record it.
 */
public interface EnrollInteraction extends EnrollProgress, BootstrapProgress {
    /**
     * Whether someone can answer a question (a terminal). When not, an agent that is already enrolled is a conflict
     * unless the settings say {@code force}.
     */
    boolean canAsk();

    /** Asked before an existing enrollment is replaced; returns whether to go on. Only called when {@link #canAsk()}. */
    boolean confirmReplace();
}
