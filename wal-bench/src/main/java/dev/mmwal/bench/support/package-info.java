/** What every benchmark shares: JVM flags, scratch directories, payloads, latency recording and the side channel to the runner. */
package dev.mmwal.bench.support;
