package org.fleetagent.tls;

/**
 * A value made once, on first use, by whichever thread asks first; a failed making is tried again on the next use.
 * TLS material is made this way so that a process that never opens a TLS connection never pays for it.
 */
final class Lazy<T, E extends Exception> {
    /** Makes the value. */
    @FunctionalInterface
    interface Maker<T, E extends Exception> {
        T make() throws E;
    }

    private final Maker<T, E> maker;
    private volatile T value;

    Lazy(Maker<T, E> maker) {
        this.maker = maker;
    }

    T get() throws E {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = maker.make();
                    value = v;
                }
            }
        }
        return v;
    }
}
