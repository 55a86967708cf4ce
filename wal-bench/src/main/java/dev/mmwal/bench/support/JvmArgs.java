package dev.mmwal.bench.support;

import java.util.List;

/**
 * The JVM flags every benchmark fork gets, as compile-time constants so {@code @Fork(jvmArgsAppend = ...)}
 * can name them. Every fork gets all of them, whichever system it measures, so peers run under
 * identical JVM settings.
 */
public final class JvmArgs {
    /** Agrona (mmwal's agents) reads {@code jdk.internal.misc}. */
    public static final String AGRONA = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** FFM downcalls (fallocate, madvise, fadvise) without the restricted-method warning. */
    public static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    /** JMH 1.37 and Chronicle use {@code sun.misc.Unsafe} memory access. */
    public static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";
    /** Chronicle Bytes: cleaners of mapped buffers. */
    public static final String CHRONICLE_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** Chronicle Bytes: file channel internals for mapping; lmdbjava: {@code sun.nio.ch.DirectBuffer}. */
    public static final String CHRONICLE_NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle Core: reflection helpers. */
    public static final String CHRONICLE_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** No phone-home from Chronicle. */
    public static final String CHRONICLE_NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** No disk-space polling thread from Chronicle competing for the two cores. */
    public static final String CHRONICLE_NO_DISK_MONITOR = "-Dchronicle.disk.monitor.disable=true";
    /** lmdbjava: its ByteBuffer proxies read {@code java.nio.Buffer.address} by reflection. */
    public static final String LMDB_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** A fixed heap, so heap sizing is not a variable between forks. */
    public static final String HEAP_MIN = "-Xms2g";
    public static final String HEAP_MAX = "-Xmx2g";

    private JvmArgs() {
    }

    /** Every flag above, in order: what the runner passes to each fork. */
    public static List<String> all() {
        return List.of(AGRONA, NATIVE, UNSAFE, CHRONICLE_REF, CHRONICLE_NIO, CHRONICLE_REFLECT, CHRONICLE_NO_ANALYTICS,
            CHRONICLE_NO_DISK_MONITOR, LMDB_NIO, HEAP_MIN, HEAP_MAX);
    }
}
