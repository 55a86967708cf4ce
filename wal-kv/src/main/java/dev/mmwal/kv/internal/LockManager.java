package dev.mmwal.kv.internal;

import dev.mmwal.kv.KvLockException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Row locks for strict two-phase locking: shared (reads) and exclusive (writes), held until the
 * transaction ends ({@link #releaseAll}). A shared lock held alone upgrades to exclusive.
 *
 * <p>A request that must wait first walks the wait-for graph (each waiter waits for one lock;
 * an edge goes to every holder of it): a cycle back to the requester is a deadlock and refuses
 * the request with {@link KvLockException.Kind#DEADLOCK}, naming each transaction and key on the
 * cycle. Otherwise it waits up to the lock timeout ({@link KvLockException.Kind#TIMEOUT}, naming
 * the holders).
 *
 * <p>Threads: any; one monitor guards the whole table (blocking; waiters are woken by
 * {@code notifyAll} on every release). Simple and correct first; lock striping is not done.
 */
public final class LockManager {
    private static final class Lock {
        LockOwner exclusive;
        final List<LockOwner> shared = new ArrayList<>(2);
    }

    private final Map<ByteKey, Lock> locks = new HashMap<>();
    private final long timeoutNanos;

    public LockManager(final long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Grants {@code owner} a lock on {@code key}, waiting if needed. */
    public synchronized void acquire(final LockOwner owner, final ByteKey key, final boolean exclusive) {
        Lock lock = locks.get(key);
        if (lock == null) {
            lock = new Lock();
            locks.put(key, lock);
        }
        if (holds(lock, owner, exclusive)) {
            return;
        }
        final long deadline = System.nanoTime() + timeoutNanos;
        while (!grantable(lock, owner, exclusive)) {
            owner.waitingFor = key;
            final String cycle = cycle(owner, key);
            if (cycle != null) {
                owner.waitingFor = null;
                throw new KvLockException(KvLockException.Kind.DEADLOCK, "deadlock: " + cycle + "; txn " + owner.id + " is refused (roll it back)");
            }
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                owner.waitingFor = null;
                throw new KvLockException(KvLockException.Kind.TIMEOUT, "lock wait timed out: txn=" + owner.id + ", " + key + ", mode="
                    + (exclusive ? "exclusive" : "shared") + ", heldBy=" + holders(lock) + ", timeoutMillis=" + timeoutNanos / 1_000_000);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (final InterruptedException ex) {
                owner.waitingFor = null;
                Thread.currentThread().interrupt();
                throw new KvLockException(KvLockException.Kind.TIMEOUT, "interrupted while waiting for a lock: txn=" + owner.id + ", " + key);
            }
            lock = locks.computeIfAbsent(key, k -> new Lock());
        }
        owner.waitingFor = null;
        grant(lock, owner, key, exclusive);
    }

    private static boolean holds(final Lock lock, final LockOwner owner, final boolean exclusive) {
        return lock.exclusive == owner || (!exclusive && lock.shared.contains(owner));
    }

    private static boolean grantable(final Lock lock, final LockOwner owner, final boolean exclusive) {
        if (lock.exclusive != null && lock.exclusive != owner) {
            return false;
        }
        return !exclusive || lock.shared.isEmpty() || (lock.shared.size() == 1 && lock.shared.get(0) == owner);
    }

    private static void grant(final Lock lock, final LockOwner owner, final ByteKey key, final boolean exclusive) {
        final boolean first = lock.exclusive != owner && !lock.shared.contains(owner);
        if (exclusive) {
            lock.shared.remove(owner);
            lock.exclusive = owner;
        } else {
            lock.shared.add(owner);
        }
        if (first) {
            owner.held.add(key);
        }
    }

    /** Releases every lock of {@code owner} (commit or rollback) and wakes the waiters. */
    public synchronized void releaseAll(final LockOwner owner) {
        for (final ByteKey key : owner.held) {
            final Lock lock = locks.get(key);
            if (lock == null) {
                continue;
            }
            if (lock.exclusive == owner) {
                lock.exclusive = null;
            }
            lock.shared.remove(owner);
            if (lock.exclusive == null && lock.shared.isEmpty()) {
                locks.remove(key);
            }
        }
        owner.held.clear();
        notifyAll();
    }

    /** Locks held now (for tests and stats). */
    public synchronized int size() {
        return locks.size();
    }

    /** The cycle through {@code start} in the wait-for graph, in words; null if none. */
    private String cycle(final LockOwner start, final ByteKey wanted) {
        final List<String> path = new ArrayList<>();
        path.add("txn " + start.id + " waits for " + wanted);
        return walk(start, wanted, path, new HashSet<>(), 0) ? String.join(", ", path) : null;
    }

    private boolean walk(final LockOwner start, final ByteKey key, final List<String> path, final Set<LockOwner> visited, final int depth) {
        final Lock lock = locks.get(key);
        if (lock == null) {
            return false;
        }
        for (final LockOwner holder : holderList(lock)) {
            if (holder == start) {
                if (depth == 0) {
                    continue; // an upgrade: the requester's own shared lock is no edge
                }
                path.add("held by txn " + start.id);
                return true;
            }
            if (holder.waitingFor != null && visited.add(holder)) {
                path.add("held by txn " + holder.id + ", which waits for " + holder.waitingFor);
                if (walk(start, holder.waitingFor, path, visited, depth + 1)) {
                    return true;
                }
                path.removeLast();
            }
        }
        return false;
    }

    private static List<LockOwner> holderList(final Lock lock) {
        final List<LockOwner> holders = new ArrayList<>(lock.shared);
        if (lock.exclusive != null) {
            holders.add(lock.exclusive);
        }
        return holders;
    }

    private static String holders(final Lock lock) {
        final StringBuilder text = new StringBuilder("[");
        for (final LockOwner holder : holderList(lock)) {
            text.append(text.length() > 1 ? ", " : "").append("txn ").append(holder.id);
        }
        return text.append(']').toString();
    }
}
