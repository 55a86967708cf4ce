/** The consumer store's crash test: a child JVM persisting with retries, SIGKILLed, checked against what it acknowledged. */
package dev.mmwal.consumer.crash;
