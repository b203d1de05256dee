package org.fleetagent.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way the real agent reads and writes them (Go's {@code time.ParseDuration} and
 * {@code Duration.String}): {@code 10m}, {@code 1h30m}, {@code 500ms}, {@code -1s}, {@code 10m0s}.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /**
     * Parses a Go duration string.
     *
     * @throws IllegalArgumentException with a message naming the value and the expected form
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        double nanos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\" (use a number with a unit: 30s, 10m, 1h30m)");
            }
            double value = Double.parseDouble(m.group(1));
            nanos += value * unitNanos(m.group(2));
            pos = m.end();
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return negative ? d.negated() : d;
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1_000;
            case "ms" -> 1_000_000;
            case "s" -> 1_000_000_000d;
            case "m" -> 60_000_000_000d;
            case "h" -> 3_600_000_000_000d;
            default -> throw new IllegalArgumentException(unit);
        };
    }

    /** Formats as Go's {@code Duration.String()}: {@code 10m0s}, {@code 1h2m3.5s}, {@code 1.5ms}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        String sign = d.isNegative() ? "-" : "";
        Duration a = d.abs();
        long nanos = a.toNanos();
        if (nanos < 1_000_000_000L) {
            if (nanos < 1_000) {
                return sign + nanos + "ns";
            }
            return nanos < 1_000_000 ? sign + decimal(nanos, 1_000) + "µs" : sign + decimal(nanos, 1_000_000) + "ms";
        }
        long h = a.toHours();
        long m = a.toMinutesPart();
        String seconds = decimal(a.toSecondsPart() * 1_000_000_000L + a.toNanosPart(), 1_000_000_000L) + "s";
        if (h > 0) {
            return sign + h + "h" + m + "m" + seconds;
        }
        return sign + (m > 0 ? m + "m" : "") + seconds;
    }

    /** A short human form for messages: {@code 1m12s}, {@code 7s}, {@code 250ms}. */
    public static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return Math.max(0, d.toMillis()) + "ms";
        }
        Duration r = Duration.ofSeconds(d.toSeconds());
        String f = format(r);
        return f.replace("h0m0s", "h").replaceAll("(\\d)m0s$", "$1m");
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }
}
