/** Test support shared with wal-stress through the test jar: payload oracles and fault injection. */
package dev.mmwal.testing;
