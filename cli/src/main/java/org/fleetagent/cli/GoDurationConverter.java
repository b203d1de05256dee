package org.fleetagent.cli;

import java.time.Duration;
import org.fleetagent.config.GoDuration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads duration flags in the real agent's Go form: {@code 30s}, {@code 10m}, {@code 1h30m}, {@code -1s}. */
public final class GoDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
