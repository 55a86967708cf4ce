/** Tests of the inspection view: opening damaged logs, the walk, validation and the damage map. */
package dev.mmwal.inspect;
