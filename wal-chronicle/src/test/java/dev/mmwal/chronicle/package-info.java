/** Round trips of BytesMarshallable objects through a real log, and the views' bounds. */
package dev.mmwal.chronicle;
