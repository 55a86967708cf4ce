/** Tests that keep README.md and docs/ true to the code. */
package dev.mmwal.docs;
