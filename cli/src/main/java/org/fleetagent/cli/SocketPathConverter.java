package org.fleetagent.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --path.socket} as the real agent does on Linux: a plain path, or a {@code unix://} URL whose rest is
 * the path (the form the real agent prints and writes into container-paths.yml). Other schemes name nothing on Linux.
 */
final class SocketPathConverter implements ITypeConverter<Path> {
    private static final String UNIX = "unix://";

    @Override
    public Path convert(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith(UNIX)) {
            String path = value.substring(UNIX.length());
            if (path.isEmpty()) {
                throw new TypeConversionException("unix:// needs the socket's path after it, such as unix:///run/elastic-agent.sock");
            }
            return Path.of(path);
        }
        if (lower.startsWith("npipe://")) {
            throw new TypeConversionException("'" + value + "' is a Windows named pipe; on Linux give the socket file, such as"
                    + " unix:///run/elastic-agent.sock or /run/elastic-agent.sock");
        }
        if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
            throw new TypeConversionException("'" + value + "' is not a socket path; on Linux give the socket file, such as"
                    + " unix:///run/elastic-agent.sock or /run/elastic-agent.sock");
        }
        return Path.of(value);
    }
}
