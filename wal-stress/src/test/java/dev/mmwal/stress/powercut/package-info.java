/** Kernel power cut (opt-in, root only): ext4 on a loop device shut down without a log flush mid-load, remounted, checked. */
package dev.mmwal.stress.powercut;
