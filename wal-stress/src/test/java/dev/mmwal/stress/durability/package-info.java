/** Durable-commit edge cases found by the stress tests, each reproduced on its own. */
package dev.mmwal.stress.durability;
