package dev.mmwal.bench.support;

import java.util.SplittableRandom;

/** Payload bytes: incompressible, deterministic, the same for every system under test. */
public final class Payloads {
    private Payloads() {
    }

    public static byte[] random(final int length, final long seed) {
        final byte[] bytes = new byte[length];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte)random.nextInt(256);
        }
        return bytes;
    }
}
