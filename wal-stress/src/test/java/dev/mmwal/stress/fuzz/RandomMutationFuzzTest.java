package dev.mmwal.stress.fuzz;

import dev.mmwal.stress.oracle.StressSettings;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A seeded random-mutation driver over the same harnesses as the Jazzer targets: not coverage
 * guided, but deterministic and fast, so `verify` pushes tens of thousands of mutated records and
 * headers and two thousand mutated logs through them on every build. Mutations start from the Jazzer
 * seed inputs: bit flips, interesting bytes and little-endian ints (0, -1, MIN, MAX, 47, 48, 64,
 * 65536), inserted and erased bytes, splices, flag toggles. A failing input is written to
 * {@code target/stress-reports/} (drop it into the target's Jazzer inputs directory to replay it
 * there) and the seed is printed.
 */
@Timeout(600)
class RandomMutationFuzzTest {
    private static final int[] INTERESTING_INTS = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1, 47, 48, 49, 56, 64, 4096, 65535, 65536, 65537};

    @ParameterizedTest
    @ValueSource(strings = {"fuzzRecordDecoder", "fuzzSegmentHeader", "fuzzOpenAndRecover"})
    void shouldSurviveRandomMutationsOfEveryTarget(final String target) {
        final long seed = StressSettings.seed("RandomMutationFuzzTest." + target);
        final int base = StressSettings.intProperty("stress.fuzz.iterations", 100_000);
        final int iterations = target.equals("fuzzOpenAndRecover") ? Math.max(1, base / 50) : base;
        final Consumer<byte[]> harness = switch (target) {
            case "fuzzRecordDecoder" -> FuzzTargets::decodeRecord;
            case "fuzzSegmentHeader" -> FuzzTargets::parseSegmentHeader;
            default -> FuzzTargets::openAndRecover;
        };
        final List<byte[]> seeds = seeds(target);
        final Random random = new Random(seed);
        for (int i = 0; i < iterations; i++) {
            final byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            try {
                harness.accept(input);
            } catch (final Throwable finding) {
                final Path saved = save(target, seed, i, input);
                throw new AssertionError(target + ": finding at iteration " + i + " (replay: -Dstress.seed=" + seed
                    + "; input saved to " + saved + "): " + finding, finding);
            }
        }
        StressSettings.report("fuzz", "random-mutation target=" + target + " seed=" + seed + " inputs=" + iterations + " findings=0");
    }

    static byte[] mutate(final byte[] original, final List<byte[]> seeds, final Random random) {
        byte[] input = original.clone();
        for (int m = 1 + random.nextInt(8); m > 0 && input.length > 0; m--) {
            final int at = random.nextInt(input.length);
            switch (random.nextInt(7)) {
                case 0 -> input[at] ^= (byte)(1 << random.nextInt(8));
                case 1 -> input[at] = (byte)new int[] {0, 0xFF, 0x7F, 0x80, 1}[random.nextInt(5)];
                case 2 -> {
                    final int aligned = at & ~3;
                    if (aligned + 4 <= input.length) {
                        final int value = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
                        for (int b = 0; b < 4; b++) {
                            input[aligned + b] = (byte)(value >>> (8 * b));
                        }
                    }
                }
                case 3 -> input = splice(input, at, new byte[1 + random.nextInt(16)], random);
                case 4 -> input = erase(input, at, 1 + random.nextInt(Math.min(16, input.length - at)));
                case 5 -> {
                    final byte[] other = seeds.get(random.nextInt(seeds.size()));
                    final int from = random.nextInt(other.length);
                    final int length = Math.min(1 + random.nextInt(64), Math.min(other.length - from, input.length - at));
                    System.arraycopy(other, from, input, at, length);
                }
                default -> input[0] ^= (byte)(1 << random.nextInt(3));
            }
        }
        return input;
    }

    private static byte[] splice(final byte[] input, final int at, final byte[] insert, final Random random) {
        random.nextBytes(insert);
        final byte[] out = new byte[input.length + insert.length];
        System.arraycopy(input, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(input, at, out, at + insert.length, input.length - at);
        return out;
    }

    private static byte[] erase(final byte[] input, final int at, final int length) {
        final byte[] out = new byte[input.length - length];
        System.arraycopy(input, 0, out, 0, at);
        System.arraycopy(input, at + length, out, at, input.length - at - length);
        return out;
    }

    private static List<byte[]> seeds(final String target) {
        try {
            final Path dir = Path.of(RandomMutationFuzzTest.class.getResource("WalFuzzTestInputs/" + target).toURI());
            final List<byte[]> seeds = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (final Path file : files.sorted().toList()) {
                    seeds.add(Files.readAllBytes(file));
                }
            }
            return seeds;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (final URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Path save(final String target, final long seed, final int iteration, final byte[] input) {
        try {
            final Path dir = Files.createDirectories(Path.of(System.getProperty("stress.report.dir", "target/stress-reports")));
            return Files.write(dir.resolve("fuzz-finding-" + target + "-" + seed + "-" + iteration + ".bin"), input);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
