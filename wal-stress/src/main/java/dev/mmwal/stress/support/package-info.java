/** Test doubles shared by the jcstress and JUnit stress tests: an in-memory file-operations seam and log factories. */
package dev.mmwal.stress.support;
