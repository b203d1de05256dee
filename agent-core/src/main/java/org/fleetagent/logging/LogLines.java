package org.fleetagent.logging;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Predicate;
import org.fleetagent.json.Json;
import org.fleetagent.json.JsonValue;

/** What {@code elastic-agent logs} does to each ECS line: the real agent's component filter and level colours. */
public final class LogLines {
    private LogLines() {
    }

    /** Keeps the lines of component {@code id} ({@code component.id}, nested or dotted); a line that is not JSON is dropped. */
    public static Predicate<String> ofComponent(String id) {
        return line -> {
            JsonValue v = parse(line);
            if (v == null) {
                return false;
            }
            String nested = v.path("component").path("id").asText(null);
            return id.equals(nested != null ? nested : v.path("component.id").asText(null));
        };
    }

    /** The line in the colour of its {@code log.level}: info cyan, warning yellow, error red, critical bright red. */
    public static String colored(String line) {
        JsonValue v = parse(line);
        String level = v == null ? "" : v.path("log.level").asText("").toLowerCase(Locale.ROOT);
        String code = switch (level) {
            case "info" -> "36";
            case "warn", "warning" -> "33";
            case "error" -> "31";
            case "critical", "fatal" -> "91";
            default -> null;
        };
        return code == null ? line : "\u001b[" + code + "m" + line + "\u001b[0m";
    }

    private static JsonValue parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return Json.read(line.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
