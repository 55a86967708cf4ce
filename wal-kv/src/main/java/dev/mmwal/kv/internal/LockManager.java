package dev.mmwal.kv.internal;

import dev.mmwal.kv.KvLockException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row locks for strict two-phase locking: shared (reads) and exclusive (writes), held until the
 * transaction ends ({@link #releaseAll}). A shared lock held alone upgrades to exclusive.
 *
 * <p><b>Striping.</b> The table is split into {@value #STRIPES} stripes by key hash; each stripe
 * is a small chained hash table guarded by its own monitor, so transactions on different rows
 * rarely meet on a monitor. A lock entry exists while it has holders or waiters, then goes back
 * to its stripe's free list: entries (with their key buffers) are reused, so granting and
 * releasing locks allocates nothing once the pool is warm.
 *
 * <p><b>Waiting and deadlocks.</b> A request that cannot be granted registers as a waiter (its
 * {@link LockOwner#waitingFor}) and, outside its stripe's monitor, walks the wait-for graph under
 * one detector monitor (only waiting requests take it; each lock's holders are read under its
 * stripe's monitor, one stripe at a time, so the detector never holds two stripes). A cycle back
 * to the requester, found on two walks in a row, refuses the request with
 * {@link KvLockException.Kind#DEADLOCK} naming each transaction and key on it, unless the lock
 * became grantable meanwhile. A real deadlock cannot dissolve (its members all wait), so the
 * transaction that closes it finds it (each waiter registers before it walks, and walks are
 * serialized, so the later of two waiters sees the earlier); two members may both be refused.
 * Otherwise the request waits on its stripe's monitor (woken by releases in that stripe, and every
 * {@value #RECHECK_MILLIS} ms to walk again) up to the lock timeout
 * ({@link KvLockException.Kind#TIMEOUT}, naming the holders).
 *
 * <p>Threads: any; each {@link LockOwner} used by one thread at a time. Blocking.
 */
public final class LockManager {
    /** Stripes (a power of two). */
    static final int STRIPES = 64;
    private static final int BUCKETS = 16;
    /** A waiter walks the wait-for graph again at least this often (a cycle one walk missed is found). */
    private static final long RECHECK_MILLIS = 100;

    /** One row's lock: its key (a copy), holders and waiter count. Guarded by its stripe's monitor. */
    static final class Lock {
        final Stripe stripe;
        final byte[] key;
        int table;
        int length;
        int hash;
        Lock next;
        LockOwner exclusive;
        LockOwner[] shared = new LockOwner[2];
        int sharedCount;
        int waiters;

        Lock(final Stripe stripe, final int keyCapacity) {
            this.stripe = stripe;
            this.key = new byte[keyCapacity];
        }

        boolean idle() {
            return exclusive == null && sharedCount == 0 && waiters == 0;
        }

        boolean sharedBy(final LockOwner owner) {
            for (int i = 0; i < sharedCount; i++) {
                if (shared[i] == owner) {
                    return true;
                }
            }
            return false;
        }

        void addShared(final LockOwner owner) {
            if (sharedCount == shared.length) {
                shared = Arrays.copyOf(shared, shared.length * 2);
            }
            shared[sharedCount++] = owner;
        }

        void removeShared(final LockOwner owner) {
            for (int i = 0; i < sharedCount; i++) {
                if (shared[i] == owner) {
                    shared[i] = shared[--sharedCount];
                    shared[sharedCount] = null;
                    return;
                }
            }
        }

        String describe() {
            return ByteKey.describe(table, key, length);
        }
    }

    /** A chained hash table of locks with a free list; guarded by its own monitor. */
    static final class Stripe {
        private final Lock[] buckets = new Lock[BUCKETS];
        private Lock free;
        int size;

        Lock find(final ByteKey key) {
            for (Lock lock = buckets[bucket(key.hashCode())]; lock != null; lock = lock.next) {
                if (lock.hash == key.hashCode() && key.matches(lock.table, lock.key, lock.length)) {
                    return lock;
                }
            }
            return null;
        }

        Lock insert(final ByteKey key, final int keyCapacity) {
            Lock lock = free;
            if (lock != null) {
                free = lock.next;
            } else {
                lock = new Lock(this, keyCapacity); // the pool grows to the most locks ever held at once
            }
            System.arraycopy(key.key(), 0, lock.key, 0, key.length());
            lock.table = key.table();
            lock.length = key.length();
            lock.hash = key.hashCode();
            final int bucket = bucket(lock.hash);
            lock.next = buckets[bucket];
            buckets[bucket] = lock;
            size++;
            return lock;
        }

        /** Unlinks {@code lock} if nobody holds or waits for it, and pools it. */
        void retireIfIdle(final Lock lock) {
            if (!lock.idle()) {
                return;
            }
            final int bucket = bucket(lock.hash);
            Lock previous = null;
            for (Lock at = buckets[bucket]; at != null; previous = at, at = at.next) {
                if (at == lock) {
                    if (previous == null) {
                        buckets[bucket] = at.next;
                    } else {
                        previous.next = at.next;
                    }
                    lock.next = free;
                    free = lock;
                    size--;
                    return;
                }
            }
        }

        private static int bucket(final int hash) {
            return (spread(hash) >>> 6) & (BUCKETS - 1); // the low 6 bits chose the stripe
        }
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final Object detector = new Object();
    private final long timeoutNanos;
    private final int keyCapacity;

    /** @param keyCapacity the longest key (the store's max key size). */
    public LockManager(final long timeoutNanos, final int keyCapacity) {
        this.timeoutNanos = timeoutNanos;
        this.keyCapacity = keyCapacity;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /**
     * Grants {@code owner} a lock on {@code key} (a stored key or a probe: it is copied), waiting
     * if needed. Allocates nothing when granted at once and the stripe's pool has an entry.
     */
    public void acquire(final LockOwner owner, final ByteKey key, final boolean exclusive) {
        final Stripe stripe = stripe(key.hashCode());
        final Lock lock;
        synchronized (stripe) {
            final Lock found = stripe.find(key);
            lock = found != null ? found : stripe.insert(key, keyCapacity);
            if (holds(lock, owner, exclusive)) {
                return;
            }
            if (grantable(lock, owner, exclusive)) {
                grant(lock, owner, exclusive);
                return;
            }
            lock.waiters++;
            owner.waitingFor = lock;
        }
        await(owner, lock, exclusive);
    }

    private Stripe stripe(final int hash) {
        return stripes[spread(hash) & (STRIPES - 1)];
    }

    /** Mixes the high bits into the low ones (the stripe takes the low 6 bits, the bucket the next 4). */
    static int spread(final int hash) {
        return hash ^ (hash >>> 16);
    }

    /** The slow path: registered as a waiter on {@code lock}; detect deadlocks, wait, or give up. */
    private void await(final LockOwner owner, final Lock lock, final boolean exclusive) {
        final Stripe stripe = lock.stripe;
        final long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            final String cycle = detect(owner, lock);
            synchronized (stripe) {
                if (grantable(lock, owner, exclusive)) {
                    stopWaiting(owner, lock);
                    grant(lock, owner, exclusive);
                    return;
                }
                if (cycle != null) {
                    stopWaiting(owner, lock);
                    throw new KvLockException(KvLockException.Kind.DEADLOCK, "deadlock: " + cycle + "; txn " + owner.id + " is refused (roll it back)");
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    final String holders = holders(lock);
                    final String key = lock.describe();
                    stopWaiting(owner, lock);
                    throw new KvLockException(KvLockException.Kind.TIMEOUT, "lock wait timed out: txn=" + owner.id + ", " + key + ", mode="
                        + (exclusive ? "exclusive" : "shared") + ", heldBy=" + holders + ", timeoutMillis=" + timeoutNanos / 1_000_000);
                }
                try {
                    stripe.wait(Math.max(1, Math.min(left / 1_000_000, RECHECK_MILLIS)));
                } catch (final InterruptedException ex) {
                    final String key = lock.describe();
                    stopWaiting(owner, lock);
                    Thread.currentThread().interrupt();
                    throw new KvLockException(KvLockException.Kind.TIMEOUT, "interrupted while waiting for a lock: txn=" + owner.id + ", " + key);
                }
            }
        }
    }

    /** Under the stripe's monitor. */
    private static void stopWaiting(final LockOwner owner, final Lock lock) {
        owner.waitingFor = null;
        lock.waiters--;
        lock.stripe.retireIfIdle(lock);
    }

    private static boolean holds(final Lock lock, final LockOwner owner, final boolean exclusive) {
        return lock.exclusive == owner || (!exclusive && lock.sharedBy(owner));
    }

    private static boolean grantable(final Lock lock, final LockOwner owner, final boolean exclusive) {
        if (lock.exclusive != null && lock.exclusive != owner) {
            return false;
        }
        return !exclusive || lock.sharedCount == 0 || (lock.sharedCount == 1 && lock.shared[0] == owner);
    }

    private static void grant(final Lock lock, final LockOwner owner, final boolean exclusive) {
        final boolean first = lock.exclusive != owner && !lock.sharedBy(owner);
        if (exclusive) {
            lock.removeShared(owner);
            lock.exclusive = owner;
        } else {
            lock.addShared(owner);
        }
        if (first) {
            owner.hold(lock);
        }
    }

    /** Releases every lock of {@code owner} (commit or rollback) and wakes the waiters. Allocates nothing. */
    public void releaseAll(final LockOwner owner) {
        final Lock[] held = owner.held;
        for (int i = 0; i < owner.heldCount; i++) {
            final Lock lock = held[i];
            held[i] = null;
            final Stripe stripe = lock.stripe;
            synchronized (stripe) {
                if (lock.exclusive == owner) {
                    lock.exclusive = null;
                }
                lock.removeShared(owner);
                if (lock.waiters > 0) {
                    stripe.notifyAll();
                } else {
                    stripe.retireIfIdle(lock);
                }
            }
        }
        owner.heldCount = 0;
    }

    /** Lock entries live now (held or waited for; for tests and stats). */
    public int size() {
        int size = 0;
        for (final Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size;
            }
        }
        return size;
    }

    // ------------------------------------------------------------------ deadlock detection

    /**
     * The cycle through {@code start} (waiting for {@code wanted}) in the wait-for graph, in words,
     * if two walks in a row find one; null otherwise.
     */
    private String detect(final LockOwner start, final Lock wanted) {
        synchronized (detector) {
            if (walk(start, wanted) == null) {
                return null;
            }
            Thread.yield(); // a cycle seen through a racing commit does not survive a second look
            final List<String> again = walk(start, wanted);
            return again == null ? null : String.join(", ", again);
        }
    }

    private List<String> walk(final LockOwner start, final Lock wanted) {
        final List<String> path = new ArrayList<>();
        final long startId = start.id;
        path.add("txn " + startId + " waits for " + describe(wanted));
        return walk(start, wanted, path, new IdentityHashMap<>(), 0) ? path : null;
    }

    private boolean walk(final LockOwner start, final Lock lock, final List<String> path, final Map<LockOwner, Boolean> visited,
                         final int depth) {
        for (final LockOwner holder : holderList(lock)) {
            if (holder == start) {
                if (depth == 0) {
                    continue; // an upgrade: the requester's own shared lock is no edge
                }
                path.add("held by txn " + start.id);
                return true;
            }
            final Lock next = holder.waitingFor;
            if (next != null && visited.put(holder, Boolean.TRUE) == null) {
                path.add("held by txn " + holder.id + ", which waits for " + describe(next));
                if (walk(start, next, path, visited, depth + 1)) {
                    return true;
                }
                path.removeLast();
            }
        }
        return false;
    }

    private static String describe(final Lock lock) {
        synchronized (lock.stripe) {
            return lock.describe();
        }
    }

    private static List<LockOwner> holderList(final Lock lock) {
        synchronized (lock.stripe) {
            final List<LockOwner> holders = new ArrayList<>(lock.sharedCount + 1);
            for (int i = 0; i < lock.sharedCount; i++) {
                holders.add(lock.shared[i]);
            }
            if (lock.exclusive != null) {
                holders.add(lock.exclusive);
            }
            return holders;
        }
    }

    /** Under the stripe's monitor. */
    private static String holders(final Lock lock) {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < lock.sharedCount; i++) {
            text.append(text.length() > 1 ? ", " : "").append("txn ").append(lock.shared[i].id);
        }
        if (lock.exclusive != null) {
            text.append(text.length() > 1 ? ", " : "").append("txn ").append(lock.exclusive.id);
        }
        return text.append(']').toString();
    }
}
