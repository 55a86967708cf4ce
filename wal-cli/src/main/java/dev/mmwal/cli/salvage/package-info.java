/** {@code mmwal salvage}: copies every valid record of a damaged log into a new log, like etcd's repair. */
package dev.mmwal.cli.salvage;
