package dev.mmwal.cli.salvage;

import dev.mmwal.Wal;
import dev.mmwal.cli.ProblemTally;
import dev.mmwal.format.RecordType;
import dev.mmwal.inspect.Damage;
import dev.mmwal.inspect.RecordView;
import dev.mmwal.inspect.WalkListener;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The copying half of {@code mmwal salvage}: receives each valid record of the damaged log from a
 * {@code LogWalker} (which resumes after every damaged range) and appends it to the new log through
 * the public {@link Wal#append(byte, long, long, long, byte, int, int, java.lang.foreign.MemorySegment, long, long)},
 * every header field kept. The new log assigns new LSNs; a record's {@code prevLsn} is translated
 * to its predecessor's new LSN, and set to 0 when the predecessor was not copied (a broken chain,
 * counted). LSNs inside payloads (wal-txn checkpoints, say) are copied as they are.
 *
 * <p>Padding is not copied (the new log pads its own segments); records of a type a writer may
 * not append (the reserved core codes of format version 2) are skipped and counted.
 *
 * <p>Single-threaded: the walking thread.
 */
final class Salvager implements WalkListener {
    /** Unwritable records listed by LSN in the report; the rest only counted. */
    private static final int LISTED = 20;

    private final Wal target;
    private final Consumer<Damage> onDamage;
    private final Long2LongHashMap newLsn = new Long2LongHashMap(-1);
    private final ProblemTally tally = new ProblemTally();
    private final List<Long> unwritableLsns = new ArrayList<>();
    private long copied;
    private long copiedPayloadBytes;
    private long unwritable;
    private long brokenChains;
    private long lastNewLsn = -1;

    /**
     * @param target   the new log, open for writing.
     * @param onDamage told of each piece of damage as the walk meets it (for the report).
     */
    Salvager(final Wal target, final Consumer<Damage> onDamage) {
        this.target = target;
        this.onDamage = onDamage;
    }

    @Override
    public boolean onRecord(final RecordView record) {
        final byte type = record.type();
        if (type == RecordType.PADDING) {
            return true;
        }
        if (!RecordType.isWritable(type)) {
            unwritable++;
            if (unwritableLsns.size() < LISTED) {
                unwritableLsns.add(record.lsn());
            }
            return true;
        }
        final long lsn = target.append(type, record.txnId(), translate(record.prevLsn()), record.pageId(), (byte)record.flags(),
            record.pageOffset(), record.beforeLength(), record.payload(), 0, record.payloadLength());
        newLsn.put(record.lsn(), lsn);
        lastNewLsn = lsn;
        copied++;
        copiedPayloadBytes += record.payloadLength();
        return true;
    }

    @Override
    public void onDamage(final Damage damage) {
        tally.add(damage);
        onDamage.accept(damage);
    }

    /** The predecessor's LSN in the new log; 0 (none) when there was none or it was not copied. */
    private long translate(final long prevLsn) {
        if (prevLsn == 0) {
            return 0;
        }
        final long translated = newLsn.get(prevLsn);
        if (translated < 0) {
            brokenChains++;
            return 0;
        }
        return translated;
    }

    ProblemTally tally() {
        return tally;
    }

    long copied() {
        return copied;
    }

    long copiedPayloadBytes() {
        return copiedPayloadBytes;
    }

    long unwritable() {
        return unwritable;
    }

    List<Long> unwritableLsns() {
        return Collections.unmodifiableList(unwritableLsns);
    }

    long brokenChains() {
        return brokenChains;
    }

    /** The new LSN of the last record copied, or -1. */
    long lastNewLsn() {
        return lastNewLsn;
    }
}
