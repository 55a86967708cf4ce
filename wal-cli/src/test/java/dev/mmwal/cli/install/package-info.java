/** The install-from-a-fresh-clone test, run in every verify. */
package dev.mmwal.cli.install;
