/** {@code mmwal recover --dry-run}: the transaction layer's recovery plan, computed by analysis alone. */
package dev.mmwal.cli.recover;
