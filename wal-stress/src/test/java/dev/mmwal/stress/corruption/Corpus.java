package dev.mmwal.stress.corruption;

import dev.mmwal.RecoveryMode;
import dev.mmwal.stress.oracle.StressSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs corpus cases against the {@link DamageModel} and tallies them: per family, how many cases,
 * which outcomes; every case whose outcome the model does not accept is kept (first 20 in full).
 */
final class Corpus {
    private final SeedLog seed;
    private final CaseRunner runner;
    private final String family;
    private final Map<Outcome.Kind, Integer> kinds = new EnumMap<>(Outcome.Kind.class);
    private final List<String> failures = new ArrayList<>();
    private int cases;
    private int noChange;
    private int failed;

    Corpus(final SeedLog seed, final CaseRunner runner, final String family) {
        this.seed = seed;
        this.runner = runner;
        this.family = family;
    }

    /** Runs one case under {@code mode}; a case that changes no byte is counted and skipped. */
    void run(final String name, final TreeMap<String, byte[]> image, final RecoveryMode mode) {
        if (unchanged(image)) {
            noChange++;
            return;
        }
        final DamageModel.Expectation expected = DamageModel.expect(seed, image, mode);
        final Outcome outcome = runner.run(image, mode);
        cases++;
        kinds.merge(outcome.kind(), 1, Integer::sum);
        if (!expected.accepts(outcome)) {
            failed++;
            if (failures.size() < 20) {
                failures.add(name + " [" + mode + "]: expected " + expected.allowed() + " with " + expected.records().size()
                    + " records (" + expected.why() + "), got " + outcome);
            }
        }
    }

    void run(final String name, final TreeMap<String, byte[]> image) {
        run(name, image, RecoveryMode.TOLERATE_TORN_TAIL);
    }

    private boolean unchanged(final TreeMap<String, byte[]> image) {
        if (!image.keySet().equals(seed.files.keySet())) {
            return false;
        }
        for (final Map.Entry<String, byte[]> file : image.entrySet()) {
            if (!Arrays.equals(file.getValue(), seed.files.get(file.getKey()))) {
                return false;
            }
        }
        return true;
    }

    int cases() {
        return cases;
    }

    /** Reports the tally and fails with the kept cases when any case was not accepted. */
    void finish() {
        StressSettings.report("corruption-corpus", family + ": cases=" + cases + " outcomes=" + new TreeMap<>(kindNames())
            + " unchangedSkipped=" + noChange + " notAsExpected=" + failed + " unexpectedExceptionsOrInvented="
            + kinds.getOrDefault(Outcome.Kind.UNEXPECTED, 0));
        if (failed > 0) {
            throw new AssertionError(family + ": " + failed + " of " + cases + " cases did not end as the contract says:\n  "
                + String.join("\n  ", failures));
        }
    }

    private Map<String, Integer> kindNames() {
        final Map<String, Integer> names = new TreeMap<>();
        kinds.forEach((kind, count) -> names.put(kind.name(), count));
        return names;
    }
}
