package dev.mmwal.consumer.crash;

import dev.mmwal.consumer.StateInterpreter;

import java.nio.ByteBuffer;

/**
 * A state that shows double and missing applies: (count, sum of ids, sum of squared ids) of the
 * entries merged. A client whose ids 0..m were each applied exactly once holds
 * {@code (m+1, m(m+1)/2, m(m+1)(2m+1)/6)}.
 */
public final class MomentsInterpreter implements StateInterpreter<byte[]> {
    public static byte[] entry(final long id) {
        return ByteBuffer.allocate(24).putLong(1).putLong(id).putLong(id * id).array();
    }

    public static long[] moments(final byte[] state) {
        final ByteBuffer buffer = ByteBuffer.wrap(state);
        return new long[]{buffer.getLong(), buffer.getLong(), buffer.getLong()};
    }

    public static long[] expected(final long maxId) {
        return new long[]{maxId + 1, maxId * (maxId + 1) / 2, maxId * (maxId + 1) * (2 * maxId + 1) / 6};
    }

    @Override
    public String id() {
        return "moments";
    }

    @Override
    public byte[] format(final byte[] state) {
        return state;
    }

    @Override
    public byte[] parse(final byte[] bytes) {
        return bytes.clone();
    }

    @Override
    public byte[] merge(final byte[] current, final byte[] entry, final long messageId, final long timestampMillis) {
        final long[] sum = current == null ? new long[3] : moments(current);
        final long[] add = moments(entry);
        return ByteBuffer.allocate(24).putLong(sum[0] + add[0]).putLong(sum[1] + add[1]).putLong(sum[2] + add[2]).array();
    }
}
