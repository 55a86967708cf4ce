package dev.mmwal.cli.stats;

import dev.mmwal.cli.ProblemTally;
import dev.mmwal.format.RecordType;
import dev.mmwal.inspect.Damage;
import dev.mmwal.inspect.RecordView;
import dev.mmwal.inspect.WalkListener;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts records, log bytes and payload bytes by record type, and the payload size distribution. */
final class LogStats implements WalkListener {
    private static final int TYPES = 256;

    private final long[] counts = new long[TYPES];
    private final long[] recordBytes = new long[TYPES];
    private final long[] payloadBytes = new long[TYPES];
    private final Histogram payloadSizes = new Histogram(3);
    private final ProblemTally tally = new ProblemTally();

    @Override
    public boolean onRecord(final RecordView record) {
        final int type = Byte.toUnsignedInt(record.type());
        counts[type]++;
        recordBytes[type] += record.alignedLength();
        if (!record.isPadding()) {
            payloadBytes[type] += record.payloadLength();
            payloadSizes.recordValue(record.payloadLength());
        }
        return true;
    }

    @Override
    public void onDamage(final Damage damage) {
        tally.add(damage);
    }

    long problems() {
        return tally.problems().size();
    }

    /** The damage met, in log order. */
    ProblemTally tally() {
        return tally;
    }

    Histogram payloadSizes() {
        return payloadSizes;
    }

    /** Per type that occurs, in type-code order: {@code [count, recordBytes, payloadBytes]}. */
    Map<String, long[]> byType() {
        final Map<String, long[]> rows = new LinkedHashMap<>();
        for (int type = 0; type < TYPES; type++) {
            if (counts[type] > 0) {
                rows.put(RecordType.name((byte)type), new long[] {counts[type], recordBytes[type], payloadBytes[type]});
            }
        }
        return rows;
    }

    long total(final int column) {
        return byType().values().stream().mapToLong(row -> row[column]).sum();
    }

    long userRecords() {
        return total(0) - counts[RecordType.PADDING];
    }
}
