/** mmwal: a memory-mapped, off-heap write-ahead log. */
module dev.mmwal.core {
    requires transitive org.agrona;
    requires jdk.jfr;

    exports dev.mmwal;
    exports dev.mmwal.commit;
    exports dev.mmwal.format;
    exports dev.mmwal.inspect;
    exports dev.mmwal.io;
}
