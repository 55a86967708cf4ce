/** An idempotent consumer-state store on mmwal: dedup by message id, snapshots, truncation. */
module dev.mmwal.consumer {
    requires transitive dev.mmwal.core;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.mmwal.consumer;
    exports dev.mmwal.consumer.format;
}
