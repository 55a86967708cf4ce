package dev.mmwal.stress.corruption;

import dev.mmwal.RecoveryMode;
import dev.mmwal.format.SegmentDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What mmwal's recovery contract says a damaged image of a {@link SeedLog} must give, worked out
 * from which bytes changed: a segment header with both copies damaged, a short file or a missing
 * segment refuses to open; one damaged copy leaves the other to be trusted (so its seal and
 * watermark, possibly older, are the ones that count); otherwise the first record whose checked bytes (its frame, or a padding record's header)
 * changed is the damage point, and
 * <ul>
 *   <li>in a sealed segment recovery does not scan (all but the last sealed one), a reader must
 *   stop there with {@code WalCorruptionException} (or open may refuse);</li>
 *   <li>in a sealed segment recovery scans, open must refuse;</li>
 *   <li>in the unsealed tail: under {@code TOLERATE_TORN_TAIL}, refusal below the durable point
 *   the headers record (the watermark, or a seal) and the prefix before it above; the prefix under
 *   {@code POINT_IN_TIME}; refusal when anything valid follows under {@code ABSOLUTE_CONSISTENCY};
 *   every intact record under {@code SKIP_CORRUPTED}.</li>
 * </ul>
 */
final class DamageModel {
    /** The outcomes a case may end in, and the records each must return. */
    record Expectation(Set<Outcome.Kind> allowed, List<Integer> records, String why) {
        boolean accepts(final Outcome outcome) {
            if (!allowed.contains(outcome.kind())) {
                return false;
            }
            return outcome.kind() == Outcome.Kind.OPEN_FAILS_CORRUPTION || outcome.records().equals(records);
        }
    }

    private DamageModel() {
    }

    private static Expectation refuse(final String why) {
        return new Expectation(EnumSet.of(Outcome.Kind.OPEN_FAILS_CORRUPTION), List.of(), why);
    }

    static Expectation expect(final SeedLog seed, final Map<String, byte[]> image, final RecoveryMode mode) {
        final List<Long> bases = new ArrayList<>();
        for (final String name : image.keySet()) {
            bases.add(SegmentDescriptor.parseFileName(name));
        }
        for (int i = 1; i < bases.size(); i++) {
            if (bases.get(i) != bases.get(i - 1) + SeedLog.SEGMENT_SIZE) {
                return refuse("segment missing");
            }
        }
        for (final Map.Entry<String, byte[]> file : image.entrySet()) {
            final byte[] pristine = seed.files.get(file.getKey());
            if (pristine == null) {
                throw new IllegalArgumentException("the model knows only the seed's files: " + file.getKey());
            }
            if (file.getValue().length != SeedLog.SEGMENT_SIZE) {
                return refuse("wrong file size");
            }
            final int copy = SegmentDescriptor.COPY_LENGTH;
            if (!Arrays.equals(pristine, 0, copy, file.getValue(), 0, copy)
                && !Arrays.equals(pristine, copy, 2 * copy, file.getValue(), copy, 2 * copy)) {
                return refuse("both segment header copies changed");
            }
        }
        final long last = bases.getLast();
        long scanStart = bases.getFirst();
        while (scanStart < last && SegmentDescriptor.isSealed(header(image.get(SeedLog.fileName(scanStart))))) {
            scanStart += SeedLog.SEGMENT_SIZE;
        }
        final List<SeedLog.Entry> present = new ArrayList<>();
        for (final SeedLog.Entry entry : seed.entries) {
            if (image.containsKey(SeedLog.fileName(entry.segmentBase()))) {
                present.add(entry);
            }
        }
        SeedLog.Entry damage = null;
        final List<Integer> before = new ArrayList<>();
        final List<Integer> intact = new ArrayList<>();
        boolean intactAfterDamage = false;
        for (final SeedLog.Entry entry : present) {
            final boolean damaged = changed(seed, image, entry);
            if (damaged && damage == null) {
                damage = entry;
            } else if (!damaged && damage != null) {
                intactAfterDamage = true;
            }
            if (!damaged && entry.user() >= 0) {
                intact.add(entry.user());
                if (damage == null) {
                    before.add(entry.user());
                }
            }
        }
        if (damage == null) {
            return new Expectation(EnumSet.of(Outcome.Kind.OPEN_PREFIX), before, "no checked byte changed");
        }
        final long segment = damage.segmentBase();
        if (segment < scanStart) {
            return new Expectation(EnumSet.of(Outcome.Kind.OPEN_READ_CORRUPTION, Outcome.Kind.OPEN_FAILS_CORRUPTION), before,
                "damage in a sealed segment recovery does not scan: lsn=" + damage.lsn());
        }
        if (SegmentDescriptor.isSealed(header(image.get(SeedLog.fileName(segment))))) {
            return refuse("damage in the sealed segment recovery scans: lsn=" + damage.lsn());
        }
        final long watermark = recordedDurableLsn(image);
        final String where = "damage in the unsealed tail: lsn=" + damage.lsn() + ", watermark=" + watermark;
        return switch (mode) {
            case TOLERATE_TORN_TAIL -> damage.lsn() < watermark ? refuse(where + ", below the recorded durable point")
                : new Expectation(EnumSet.of(Outcome.Kind.OPEN_PREFIX), before, where + ", a torn tail");
            case POINT_IN_TIME -> new Expectation(EnumSet.of(Outcome.Kind.OPEN_PREFIX), before, where);
            case ABSOLUTE_CONSISTENCY -> intactAfterDamage ? refuse(where + ", valid records follow")
                : new Expectation(EnumSet.of(Outcome.Kind.OPEN_PREFIX, Outcome.Kind.OPEN_FAILS_CORRUPTION), before, where);
            case SKIP_CORRUPTED -> new Expectation(EnumSet.of(Outcome.Kind.OPEN_PREFIX), intact, where + ", skipped");
        };
    }

    /** The newest durable point the segment headers record: a durable watermark, or a sealed segment's end. */
    static long recordedDurableLsn(final Map<String, byte[]> image) {
        long durable = 0;
        for (final byte[] file : image.values()) {
            if (file.length < SegmentDescriptor.HEADER_LENGTH) {
                continue;
            }
            final MemorySegment header = header(file);
            durable = Math.max(durable, SegmentDescriptor.durableWatermark(header));
            if (SegmentDescriptor.isSealed(header)) {
                durable = Math.max(durable, SegmentDescriptor.sealedEndLsn(header));
            }
        }
        return durable;
    }

    /** The header copy the format says to trust (callers have ruled out a file with no valid copy). */
    private static MemorySegment header(final byte[] file) {
        final MemorySegment memory = Arena.ofAuto().allocate(SegmentDescriptor.HEADER_LENGTH, Long.BYTES);
        MemorySegment.copy(file, 0, memory, ValueLayout.JAVA_BYTE, 0, SegmentDescriptor.HEADER_LENGTH);
        final MemorySegment current = SegmentDescriptor.current(memory);
        if (current == null) {
            throw new IllegalStateException("no valid segment header copy: the model expected one");
        }
        return current;
    }

    private static boolean changed(final SeedLog seed, final Map<String, byte[]> image, final SeedLog.Entry entry) {
        final String name = SeedLog.fileName(entry.segmentBase());
        final int from = (int)(entry.lsn() - entry.segmentBase());
        final int to = (int)(entry.checkedEnd() - entry.segmentBase());
        return !Arrays.equals(seed.files.get(name), from, to, image.get(name), from, to);
    }
}
