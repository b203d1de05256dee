package org.fleetagent.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Holds the agent's current state and hands every change to its watchers at once. A watcher that is slower than
 * the changes skips intermediate states but always gets the latest one.
 */
public final class StateHub {
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private volatile AgentState current;

    public StateHub(AgentState initial) {
        this.current = initial;
    }

    public AgentState current() {
        return current;
    }

    /** Applies a change and wakes every watcher. */
    public synchronized void update(UnaryOperator<AgentState> change) {
        AgentState next = change.apply(current);
        if (next.equals(current)) {
            return;
        }
        current = next;
        for (Watcher w : watchers) {
            w.offer(next);
        }
    }

    /** A watcher that starts with the current state. Close it to stop watching. */
    public Watcher watch() {
        Watcher w = new Watcher();
        watchers.add(w);
        w.offer(current);
        return w;
    }

    /** One watcher's view: the latest state it has not taken yet. */
    public final class Watcher implements AutoCloseable {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private AgentState pending;
        private boolean closed;

        private void offer(AgentState s) {
            signal(() -> pending = s);
        }

        /** The next state, waiting at most {@code timeoutMs}; null on timeout or when closed. */
        public AgentState next(long timeoutMs) throws InterruptedException {
            lock.lock();
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                while (pending == null && !closed && nanos > 0) {
                    nanos = changed.awaitNanos(nanos);
                }
                AgentState s = pending;
                pending = null;
                return s;
            } finally {
                lock.unlock();
            }
        }

        /** Whether the watcher was closed (then {@link #next} returns null at once). */
        public boolean isClosed() {
            lock.lock();
            try {
                return closed;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            watchers.remove(this);
            signal(() -> closed = true);
        }

        /** Makes a change under the lock and wakes the one waiting in {@link #next}. */
        private void signal(Runnable change) {
            lock.lock();
            try {
                change.run();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
