package dev.mmwal.internal.log;

import org.agrona.concurrent.IdleStrategy;

/**
 * The idle strategy of the log's own agents (flusher, preparer): the configured one, after which
 * any interrupt is cleared, because to these threads an interrupt is never a request to stop.
 *
 * <p>Why: Agrona's runner stops an agent whose thread is interrupted when a duty cycle did no
 * work, without calling its error handler. The log's threads are private and stop only through
 * {@code Wal.close} (which ends the runner's loop without an interrupt being needed). And
 * interrupts reach them that nobody sent: when a shared arena is closed while a thread is inside an
 * access to one of its segments, HotSpot fails that access with an asynchronous exception and sets
 * the thread's interrupt status with it. A flusher stopped that way would leave every commit
 * waiting forever. The runner reads the status right after {@link #idle(int)}, so clearing it
 * here covers both the duty cycle and the idle. Any thread: holds no state of its own.
 */
public final class AgentIdleStrategy implements IdleStrategy {
    private final IdleStrategy delegate;

    public AgentIdleStrategy(final IdleStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public void idle(final int workCount) {
        delegate.idle(workCount);
        clearInterrupt();
    }

    @Override
    public void idle() {
        delegate.idle();
        clearInterrupt();
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public String alias() {
        return delegate.alias();
    }

    private static void clearInterrupt() {
        if (Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
        }
    }
}
