package dev.mmwal.cli.dump;

import dev.mmwal.LogRecord;
import dev.mmwal.cli.DamageFormat;
import dev.mmwal.cli.Json;
import dev.mmwal.cli.ProblemTally;
import dev.mmwal.inspect.Damage;
import dev.mmwal.inspect.RecordView;
import dev.mmwal.inspect.WalkListener;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Prints what {@code mmwal dump} reads, applying its filters and its record limit: records met by
 * walking the files ({@link WalkListener}) and records a tailer reads ({@link #onTailed}). Single-threaded.
 */
final class Printer implements WalkListener {
    private static final int PIPE_CHECK_INTERVAL = 256;

    private final PrintWriter out;
    private final boolean json;
    private final boolean payloadHex;
    private final Set<Byte> types;
    private final Set<Long> txns;
    private final long limit;
    private final ProblemTally tally = new ProblemTally();
    private long printed;
    private boolean readerGone;

    /**
     * @param types only records of these types; null for all.
     * @param txns  only records of these transaction ids; null for all.
     * @param limit stop after this many records printed.
     */
    Printer(final PrintWriter out, final boolean json, final boolean payloadHex, final Set<Byte> types, final Set<Long> txns, final long limit) {
        this.out = out;
        this.json = json;
        this.payloadHex = payloadHex;
        this.types = types;
        this.txns = txns;
        this.limit = limit;
    }

    @Override
    public boolean onRecord(final RecordView record) {
        if (selected(record.type(), record.txnId())) {
            out.println(json ? Json.write(RecordFormat.json(record, payloadHex)) : RecordFormat.text(record, payloadHex));
            counted();
        }
        return wantsMore();
    }

    /** A record read by a tailer from a log of {@code segmentSize}-byte segments. */
    void onTailed(final LogRecord record, final long segmentSize) {
        if (wantsMore() && selected(record.type(), record.txnId())) {
            out.println(json ? Json.write(RecordFormat.json(record, segmentSize, payloadHex)) : RecordFormat.text(record, segmentSize, payloadHex));
            counted();
        }
    }

    @Override
    public void onDamage(final Damage damage) {
        tally.add(damage);
        if (json) {
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", "problem");
            line.putAll(DamageFormat.json(damage));
            out.println(Json.write(line));
        } else {
            out.println(DamageFormat.line(damage));
        }
    }

    /** False once the limit is reached or the reader of the output went away ({@code dump | head}). */
    boolean wantsMore() {
        return printed < limit && !readerGone;
    }

    /** Pushes what was printed to the reader; notices when it went away. */
    void flush() {
        out.flush();
        readerGone |= out.checkError();
    }

    ProblemTally tally() {
        return tally;
    }

    private boolean selected(final byte type, final long txnId) {
        return (types == null || types.contains(type)) && (txns == null || txns.contains(txnId));
    }

    private void counted() {
        printed++;
        if (printed % PIPE_CHECK_INTERVAL == 0 && out.checkError()) {
            readerGone = true;
        }
    }
}
