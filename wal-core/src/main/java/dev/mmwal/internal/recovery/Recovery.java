package dev.mmwal.internal.recovery;

import dev.mmwal.RecoveryMode;
import dev.mmwal.RecoveryReport;
import dev.mmwal.WalConfig;
import dev.mmwal.WalCorruptionException;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.FileOps;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.segment.SegmentFiles;
import dev.mmwal.internal.segment.SegmentTable;
import dev.mmwal.internal.log.RecordWriter;
import dev.mmwal.internal.log.RecordValidator;
import dev.mmwal.internal.log.SegmentPreparer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the segments of a log directory and finds where the log ends.
 *
 * <p>Segments before the first unsealed one are known durable and complete, so the scan starts at
 * the first record of the first unsealed segment and walks forward, accepting a record only when
 * its frame length is sane, its {@code lsn} equals its position and its CRC matches. What happens
 * at the first record that fails depends on the {@link RecoveryMode}. Bytes after the end are
 * zeroed, in every segment after the end too, so stale or torn bytes can never be read later.
 * The recovered prefix is synced before the log is handed out, so it is durable.
 */
public final class Recovery {
    private final WalConfig config;
    private final FileOps ops;
    private final long segmentSize;
    private final List<RecoveryReport.Range> truncated = new ArrayList<>();
    private final List<RecoveryReport.Range> skipped = new ArrayList<>();
    private final List<RecoveryReport.Range> bridged = new ArrayList<>();
    private final boolean sameCacheEpoch;
    private long records;
    private long durableWatermark;

    /** The outcome: the mapped segments kept and where the log ends. */
    public record Result(SegmentTable table, long endLsn, RecoveryReport report) {
    }

    /**
     * @param sameCacheEpoch true when the log's last writer ran in the page-cache epoch of now (see
     *                       {@link dev.mmwal.io.CacheEpoch}): only a process crash can lie between,
     *                       so a slot whose frame length reads 0 was never published and the
     *                       records after it are kept.
     */
    public Recovery(final WalConfig config, final boolean sameCacheEpoch) {
        this.config = config;
        this.sameCacheEpoch = sameCacheEpoch;
        this.ops = config.fileOps();
        this.segmentSize = config.segmentSize();
    }

    /** Recovers the log (see the class comment), as one JFR {@link RecoveryEvent} when a recording enables it. */
    public Result recover() throws IOException {
        final RecoveryEvent event = new RecoveryEvent();
        event.begin();
        final Result result = recoverSegments();
        if (event.shouldCommit()) {
            final RecoveryReport report = result.report();
            event.directory = config.directory().toString();
            event.mode = report.mode().name();
            event.segments = result.table().size();
            event.scanStartLsn = report.scanStartLsn();
            event.endLsn = report.endLsn();
            event.bytesScanned = Math.max(0, report.endLsn() - report.scanStartLsn());
            event.records = report.records();
            event.truncated = report.truncated().size();
            event.skipped = report.skipped().size();
            event.bridged = report.bridged().size();
            event.commit();
        }
        return result;
    }

    private Result recoverSegments() throws IOException {
        final long started = System.nanoTime();
        final Path directory = config.directory();
        SegmentFiles.deleteUnfinished(ops, directory);
        final List<Path> files = SegmentFiles.list(directory);
        if (files.isEmpty()) {
            final Segment first = Segment.create(ops, directory, 0, segmentSize, config.preallocation(),
                SegmentPreparer.newSegmentPrefault(config));
            ops.syncDirectory(directory);
            final long end = SegmentDescriptor.HEADER_LENGTH;
            return new Result(SegmentTable.EMPTY.with(first), end,
                report(end, end, System.nanoTime() - started));
        }
        SegmentTable table = SegmentTable.EMPTY;
        try {
            for (final Path file : files) {
                final Segment segment = Segment.open(ops, file, segmentSize, false);
                if (table.size() > 0 && segment.index() != table.endIndex()) {
                    segment.close();
                    throw new WalCorruptionException("segment missing from the log: dir=" + directory
                        + ", expectedBaseLsn=" + (table.endIndex() << config.segmentShift()) + ", found=" + file.getFileName());
                }
                table = table.with(segment);
            }
            return scanAndTruncate(table, started);
        } catch (final IOException | RuntimeException ex) {
            closeAll(table);
            throw ex;
        }
    }

    private Result scanAndTruncate(final SegmentTable table, final long started) throws IOException {
        long index = table.firstIndex();
        while (index < table.endIndex() - 1 && table.get(index).isSealed()) {
            index++;
        }
        final long scanStart = (index << config.segmentShift()) + SegmentDescriptor.HEADER_LENGTH;
        for (long scanned = index; scanned < table.endIndex(); scanned++) {
            // the mappings are advised random (4 KiB folios for the pages appenders will write):
            // read ahead explicitly, or a cold scan reads one page per fault
            ops.prefetch(table.get(scanned).fileMemory());
        }
        // Where the next record starts, not merely where the last one ended: when the last record
        // fills its segment to the end, the two differ, and the end reported, the tail and the
        // durable LSN must be the same position on this open and on every later one.
        final long end = Lsns.nextRecordStart(scan(table, scanStart), segmentSize);
        checkDurablePartPresent(table, end);
        final SegmentTable kept = truncateAfter(table, end);
        syncScanned(kept, scanStart, end);
        if (end < durableWatermark) {
            lowerWatermarks(kept, end);
        }
        repairHeaders(kept, end);
        return new Result(kept, end, report(scanStart, end, System.nanoTime() - started));
    }

    /**
     * A header records a durable point past every record found: the records that were durable
     * there are missing (a segment file deleted, a header raised by hand). Only the salvage modes
     * may end the log below it (and then lower it); the others refuse to open.
     */
    private void checkDurablePartPresent(final SegmentTable table, final long end) {
        final RecoveryMode mode = config.recoveryMode();
        if (end < durableWatermark && (mode == RecoveryMode.TOLERATE_TORN_TAIL || mode == RecoveryMode.ABSOLUTE_CONSISTENCY)) {
            throw new WalCorruptionException("a segment header records a durable LSN past the end of the log: dir=" + config.directory()
                + ", durableWatermark=" + durableWatermark + ", endLsn=" + end
                + ", lastSegment=" + table.get(table.endIndex() - 1).path().getFileName()
                + " (durable records are missing; open with RecoveryMode.POINT_IN_TIME or SKIP_CORRUPTED to salvage)");
        }
    }

    /** Walks records from {@code start}; returns the end of the last one kept. */
    private long scan(final SegmentTable table, final long start) throws IOException {
        durableWatermark = SegmentFiles.durablePoint(table);
        final long limit = table.endIndex() << config.segmentShift();
        long position = start;
        long end = start;
        while (position < limit) {
            final Segment segment = table.get(position >>> config.segmentShift());
            final MemorySegment memory = segment.memory();
            final long offset = position - segment.baseLsn();
            final int code = RecordValidator.check(memory, offset, position);
            if (code > 0) {
                if (RecordDescriptor.type(memory, offset) != RecordType.PADDING) {
                    records++;
                }
                end = position + RecordDescriptor.alignedLength(code);
                position = Lsns.nextRecordStart(end, segmentSize);
                continue;
            }
            final long resume = onFailedSlot(table, segment, position, code, limit);
            if (resume < 0) {
                return end;
            }
            end = resume;
            position = Lsns.nextRecordStart(resume, segmentSize);
        }
        return end;
    }

    /**
     * Acts on a record slot that fails validation as {@link DamagePolicy} decides: bridge a
     * reservation never published, skip a damaged range, end the log there, or refuse to open.
     *
     * @return -1 to end the log at the last valid record, or the position to resume scanning from.
     */
    private long onFailedSlot(final SegmentTable table, final Segment segment, final long position, final int code, final long limit)
        throws IOException {
        final DamagePolicy.Facts facts = new DamagePolicy.Facts(config.recoveryMode(), code == RecordValidator.NOT_WRITTEN,
            segment.isSealed(), position < durableWatermark, sameCacheEpoch);
        final long next = DamagePolicy.needsLookahead(facts) ? findNextValid(table, position, limit) : -1;
        final DamagePolicy.Action action = DamagePolicy.decide(facts, next > 0, next > 0 && isPaddable(position, next));
        final String where = "file=" + segment.path() + ", lsn=" + position + ", offset=" + (position - segment.baseLsn());
        final String reason = RecordValidator.describe(code) + describeHeader(segment.memory(), position - segment.baseLsn(), code);
        switch (action) {
            case BRIDGE -> {
                bridged.add(new RecoveryReport.Range(position, next, "unpublished reservation (frame length 0) before published records: made padding"));
                repairAsPadding(table, position, next);
                return next;
            }
            case SKIP -> {
                skipped.add(new RecoveryReport.Range(position, next, reason));
                repairAsPadding(table, position, next);
                return next;
            }
            case END_LOG -> {
                return -1;
            }
            case REFUSE_SEALED -> throw new WalCorruptionException("damaged record inside a sealed (durable) segment: " + where + ", problem=" + reason);
            case REFUSE_BELOW_WATERMARK -> throw new WalCorruptionException("damaged record below the recorded durable LSN: " + where
                + ", problem=" + reason + ", durableWatermark=" + durableWatermark
                + " (open with RecoveryMode.POINT_IN_TIME or SKIP_CORRUPTED to salvage)");
            default -> throw new WalCorruptionException("damaged record in the log: " + where + ", problem=" + reason
                + ", mode=" + config.recoveryMode());
        }
    }

    /** True when {@code [from, to)} splits at segment ends into pieces padding records can fill. */
    private boolean isPaddable(final long from, final long to) {
        long position = from;
        while (position < to) {
            final long segmentEnd = Lsns.segmentBase(position, segmentSize) + segmentSize;
            final long pieceEnd = Math.min(to, segmentEnd);
            final long length = pieceEnd - position;
            if (length < RecordDescriptor.HEADER_LENGTH && pieceEnd != segmentEnd && length != 0) {
                return false;
            }
            position = pieceEnd == segmentEnd ? Lsns.nextRecordStart(segmentEnd, segmentSize) : pieceEnd;
        }
        return true;
    }

    /** The header fields of a failed record, for the report: what was found, not only that it failed. */
    private static String describeHeader(final MemorySegment memory, final long offset, final int code) {
        if (code == RecordValidator.NOT_WRITTEN || memory.byteSize() - offset < RecordDescriptor.HEADER_LENGTH) {
            return "";
        }
        final int frameLength = RecordDescriptor.frameLength(memory, offset);
        final byte type = RecordDescriptor.type(memory, offset);
        final String crc = code == RecordValidator.BAD_CRC
            ? ", storedCrc=0x" + Integer.toHexString(RecordDescriptor.crc(memory, offset))
              + ", computedCrc=0x" + Integer.toHexString(dev.mmwal.format.Checksums.recordCrc(memory, offset, type, frameLength))
            : "";
        return " (frameLength=" + frameLength + ", type=" + RecordType.name(type) + ", storedLsn=" + RecordDescriptor.lsn(memory, offset) + crc + ")";
    }

    /** The position of the first valid non-padding record after {@code position}, or -1. */
    private long findNextValid(final SegmentTable table, final long position, final long limit) {
        for (long candidate = position + RecordDescriptor.ALIGNMENT; candidate < limit; candidate += RecordDescriptor.ALIGNMENT) {
            final long offset = candidate & (segmentSize - 1);
            if (offset < SegmentDescriptor.HEADER_LENGTH || segmentSize - offset < RecordDescriptor.HEADER_LENGTH) {
                continue;
            }
            final Segment segment = table.get(candidate >>> config.segmentShift());
            final MemorySegment memory = segment.memory();
            if (RecordDescriptor.lsn(memory, offset) != candidate) {
                continue;
            }
            if (RecordValidator.check(memory, offset, candidate) > 0) {
                return candidate;
            }
        }
        return -1;
    }

    /**
     * Overwrites a range with padding records (one per segment it touches) so readers skip it, and
     * syncs each piece as it goes, like the zeroing after the end: a crash partway leaves pieces
     * already padded (valid records) and pieces not yet touched, and the next recovery finds the
     * same range again.
     */
    private void repairAsPadding(final SegmentTable table, final long from, final long to) throws IOException {
        long position = from;
        while (position < to) {
            final Segment segment = table.get(position >>> config.segmentShift());
            final long segmentEnd = segment.baseLsn() + segmentSize;
            final long rangeEnd = Math.min(to, segmentEnd);
            final long length = rangeEnd - position;
            if (length >= RecordDescriptor.HEADER_LENGTH) {
                final MemorySegment memory = segment.memory();
                final long offset = position - segment.baseLsn();
                memory.asSlice(offset, length).fill((byte)0);
                RecordWriter.pad(memory, offset, position, (int)length);
                ops.syncRange(memory, offset, length);
            }
            position = rangeEnd == segmentEnd ? Lsns.nextRecordStart(segmentEnd, segmentSize) : rangeEnd;
        }
    }

    /**
     * Zeroes every non-zero byte after {@code end}, in its segment and in every later one (those are
     * prepared segments the crashed writer had mapped, possibly with records no one could have
     * been acknowledged for). Later segments are kept: they are valid, empty, ready segments.
     */
    private SegmentTable truncateAfter(final SegmentTable table, final long end) throws IOException {
        for (long index = end >>> config.segmentShift(); index < table.endIndex(); index++) {
            final Segment segment = table.get(index);
            final long from = Math.max(end, segment.baseLsn() + SegmentDescriptor.HEADER_LENGTH) - segment.baseLsn();
            zeroTail(segment, from);
        }
        return table;
    }

    private void zeroTail(final Segment segment, final long fromOffset) throws IOException {
        final MemorySegment memory = segment.memory();
        final long size = memory.byteSize();
        long firstDirty = -1;
        long lastDirty = -1;
        for (long offset = fromOffset & -8L; offset < size; offset += 8) {
            if (memory.get(ValueLayout.JAVA_LONG_UNALIGNED, offset) != 0) {
                if (firstDirty < 0) {
                    firstDirty = offset;
                }
                lastDirty = offset + 8;
            }
        }
        if (firstDirty < 0) {
            return;
        }
        final long start = Math.max(firstDirty, fromOffset);
        truncated.add(new RecoveryReport.Range(segment.baseLsn() + fromOffset, segment.baseLsn() + lastDirty,
            describeTail(memory, fromOffset, segment.baseLsn() + fromOffset)));
        memory.asSlice(start, lastDirty - start).fill((byte)0);
        ops.syncRange(memory, start, lastDirty - start);
    }

    private static String describeTail(final MemorySegment memory, final long offset, final long lsn) {
        if (memory.byteSize() - offset < RecordDescriptor.HEADER_LENGTH) {
            return "stale bytes after the end of the log";
        }
        return "invalid record at the end of the log: " + RecordValidator.describe(RecordValidator.check(memory, offset, lsn));
    }

    /**
     * A salvage mode ended the log below a recorded watermark: lower each such watermark to the
     * end, or the next crash's torn tail there would read as damage in the durable part. One copy
     * at a time with a sync after each, so a crash midway leaves a valid copy (the old watermark
     * or the new), and the next recovery finishes the job.
     */
    private void lowerWatermarks(final SegmentTable table, final long end) throws IOException {
        for (long index = table.firstIndex(); index < table.endIndex(); index++) {
            final MemorySegment memory = table.get(index).fileMemory();
            for (long copy = 0; copy < SegmentDescriptor.HEADER_LENGTH; copy += SegmentDescriptor.COPY_LENGTH) {
                if (SegmentDescriptor.isValidCopy(memory, copy)
                    && SegmentDescriptor.durableWatermark(memory.asSlice(copy, SegmentDescriptor.COPY_LENGTH)) > end) {
                    SegmentDescriptor.overwriteWatermark(memory, copy, end);
                    ops.syncRange(memory, 0, SegmentDescriptor.HEADER_LENGTH);
                }
            }
        }
    }

    /**
     * Leaves every header with two valid copies, and every segment wholly before the end sealed.
     * A damaged copy (a torn update, a bad sector) is rewritten from the trusted one; when the
     * damaged copy was the only one that said sealed, the segment is sealed again (it is below the
     * end, so durable now), else every later open would rescan from it. Only an invalid copy or
     * the untrusted one is written, so a crash here leaves what was there.
     */
    private void repairHeaders(final SegmentTable table, final long end) throws IOException {
        final long endIndex = end >>> config.segmentShift();
        for (long index = table.firstIndex(); index < table.endIndex(); index++) {
            final Segment segment = table.get(index);
            final MemorySegment memory = segment.fileMemory();
            final long trusted = SegmentDescriptor.currentOffset(memory);
            final long other = SegmentDescriptor.COPY_LENGTH - trusted;
            if (index < endIndex && !segment.isSealed()) {
                SegmentDescriptor.seal(memory, segment.baseLsn() + segmentSize);
            } else if (!SegmentDescriptor.isValidCopy(memory, other)) {
                MemorySegment.copy(memory, trusted, memory, other, SegmentDescriptor.COPY_LENGTH);
            } else {
                continue;
            }
            ops.syncRange(memory, 0, SegmentDescriptor.HEADER_LENGTH);
        }
    }

    /** Makes the recovered prefix durable: after a process crash it may sit only in the page cache. */
    private void syncScanned(final SegmentTable table, final long from, final long end) throws IOException {
        for (long index = from >>> config.segmentShift(); index <= (end - 1) >>> config.segmentShift() && index < table.endIndex(); index++) {
            final Segment segment = table.get(index);
            if (segment != null) {
                ops.syncData(segment.channel());
            }
        }
    }

    private RecoveryReport report(final long scanStart, final long end, final long nanos) {
        return new RecoveryReport(config.recoveryMode(), scanStart, end, records, List.copyOf(truncated), List.copyOf(skipped),
            List.copyOf(bridged), nanos);
    }

    private static void closeAll(final SegmentTable table) {
        for (long index = table.firstIndex(); index < table.endIndex(); index++) {
            table.get(index).close();
        }
    }
}
