package org.fleetagent.logging;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.fleetagent.json.Json;

/**
 * Formats log records as ECS JSON lines, as the real agent's log files are ({@code @timestamp}, {@code log.level},
 * {@code message}, {@code log.logger}, {@code ecs.version}; an exception goes to {@code error.message}).
 */
public final class EcsFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(r.getMillis())));
        m.put("log.level", level(r.getLevel()));
        ComponentTag tag = componentTag(r);
        // a component's line is its own text: never run it through MessageFormat
        m.put("message", tag != null ? r.getMessage() : formatMessage(r));
        m.put("log.logger", r.getLoggerName());
        if (tag != null) {
            m.put("component", Map.of("id", tag.id()));
        }
        if (r.getThrown() != null) {
            m.put("error.message", String.valueOf(r.getThrown()));
        }
        m.put("ecs.version", "1.6.0");
        return Json.writeString(m) + "\n";
    }

    private static ComponentTag componentTag(LogRecord r) {
        if (r.getParameters() != null) {
            for (Object p : r.getParameters()) {
                if (p instanceof ComponentTag c) {
                    return c;
                }
            }
        }
        return null;
    }

    static String level(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (l.intValue() >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (l.intValue() >= Level.INFO.intValue()) {
            return "info";
        }
        return "debug";
    }
}
