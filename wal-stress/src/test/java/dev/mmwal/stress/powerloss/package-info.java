/** In-JVM, seeded power-loss simulation over the file-operations seam: synced images plus torn dirty pages. */
package dev.mmwal.stress.powerloss;
