package org.fleetagent.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips the test class, naming it and the reason, where podman cannot run containers. */
final class PodmanRequired implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        SystemdSupport.assumePodman(context.getRequiredTestClass().getSimpleName());
    }
}
