package dev.mmwal.cli;

import dev.mmwal.format.SegmentDescriptor;
import picocli.CommandLine;

/** {@code mmwal --version}: the build's version and the on-disk format version it reads. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        final String version = MmwalCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "mmwal " + (version == null ? "(development build)" : version),
            "segment format version " + SegmentDescriptor.FORMAT_VERSION + ", Java " + Runtime.version(),
        };
    }
}
