package dev.mmwal.kv.internal;

import org.agrona.collections.LongArrayList;

import java.util.Arrays;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory index: per table, an ordered map from key to slot; and the free slots. Not logged:
 * rebuilt from the pages at open ({@link #rebuild}), maintained by writes and runtime rollbacks.
 *
 * <p>Threads: any. The maps are concurrent (a key's entry only changes under its row's exclusive
 * lock); the free list is guarded by this object's monitor. A slot freed by a delete returns to
 * the free list only when the deleting transaction commits, so a rollback can always restore it.
 *
 * <p>Allocation: {@link #slot} allocates nothing (the tables sit in an array indexed by table id,
 * so no boxing; a {@link ByteKey#probe probe} key finds a stored one). {@link #put} of a new key
 * allocates its map entry and boxes the slot.
 */
public final class RowIndex {
    @SuppressWarnings({"unchecked", "rawtypes"})
    private volatile ConcurrentSkipListMap<ByteKey, Long>[] tables = new ConcurrentSkipListMap[16];
    private final LongArrayList free = new LongArrayList();
    private long nextFresh;

    /** Clears the index and fills it from the live rows of {@code pages}; returns the rows. */
    public long rebuild(final PageStore pages) {
        synchronized (this) {
            final ConcurrentSkipListMap<ByteKey, Long>[] cleared = tables.clone();
            Arrays.fill(cleared, null);
            tables = cleared;
        }
        final boolean[][] used = new boolean[1][];
        final long slots = pages.pageCount() * pages.slotsPerPage();
        used[0] = new boolean[Math.toIntExact(slots)];
        final long[] rows = new long[1];
        pages.forEachRow((slot, tableId, key) -> {
            map(tableId).put(new ByteKey(tableId, key), slot);
            used[0][(int)slot] = true;
            rows[0]++;
        });
        synchronized (this) {
            free.clear();
            for (long slot = slots - 1; slot >= 0; slot--) {
                if (!used[0][(int)slot]) {
                    free.addLong(slot);
                }
            }
            nextFresh = slots;
        }
        return rows[0];
    }

    private ConcurrentSkipListMap<ByteKey, Long> map(final int tableId) {
        final ConcurrentSkipListMap<ByteKey, Long> map = existing(tableId);
        return map != null ? map : create(tableId);
    }

    private ConcurrentSkipListMap<ByteKey, Long> existing(final int tableId) {
        final ConcurrentSkipListMap<ByteKey, Long>[] current = tables;
        return tableId < current.length ? current[tableId] : null;
    }

    private synchronized ConcurrentSkipListMap<ByteKey, Long> create(final int tableId) {
        ConcurrentSkipListMap<ByteKey, Long>[] current = tables;
        current = Arrays.copyOf(current, Math.max(tableId + 1, current.length)); // a copy: readers never see a half-built array
        if (current[tableId] == null) {
            current[tableId] = new ConcurrentSkipListMap<>();
        }
        tables = current; // a volatile write after the element: readers of the array see the map
        return current[tableId];
    }

    /** The slot of {@code key} (a stored key or a probe), or -1. Allocates nothing. */
    public long slot(final ByteKey key) {
        final ConcurrentSkipListMap<ByteKey, Long> map = existing(key.table());
        final Long slot = map == null ? null : map.get(key);
        return slot == null ? -1 : slot;
    }

    public void put(final ByteKey key, final long slot) {
        map(key.table()).put(key, slot);
    }

    /** Removes {@code key} if it maps to {@code slot}. */
    public void remove(final ByteKey key, final long slot) {
        final ConcurrentSkipListMap<ByteKey, Long> map = existing(key.table());
        if (map != null) {
            map.remove(key, slot);
        }
    }

    /** The keys of table {@code tableId} in [from, to) (null: unbounded), in order; a live view. */
    public NavigableMap<ByteKey, Long> range(final int tableId, final byte[] from, final byte[] to) {
        final ConcurrentSkipListMap<ByteKey, Long> map = map(tableId);
        if (from == null && to == null) {
            return map;
        }
        if (from == null) {
            return map.headMap(new ByteKey(tableId, to), false);
        }
        if (to == null) {
            return map.tailMap(new ByteKey(tableId, from), true);
        }
        return map.subMap(new ByteKey(tableId, from), true, new ByteKey(tableId, to), false);
    }

    public long rows(final int tableId) {
        final ConcurrentSkipListMap<ByteKey, Long> map = existing(tableId);
        return map == null ? 0 : map.size();
    }

    public synchronized void dropTable(final int tableId) {
        if (tableId < tables.length) {
            final ConcurrentSkipListMap<ByteKey, Long>[] copy = tables.clone();
            copy[tableId] = null;
            tables = copy;
        }
    }

    /** A free slot for a new row. */
    public synchronized long allocate() {
        return free.isEmpty() ? nextFresh++ : free.removeAt(free.size() - 1);
    }

    /** Returns {@code slot} to the free list. */
    public synchronized void release(final long slot) {
        free.addLong(slot);
    }
}
