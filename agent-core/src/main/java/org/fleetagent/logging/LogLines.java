package org.fleetagent.logging;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.fleetagent.config.YamlCodec;
import org.fleetagent.json.Json;

/** What {@code elastic-agent logs} does to each ECS line: the real agent's component filter and level colours. */
public final class LogLines {
    private LogLines() {
    }

    /** Keeps the lines of component {@code id} ({@code component.id}, nested or dotted); a line that is not JSON is dropped. */
    public static Predicate<String> ofComponent(String id) {
        return line -> {
            Map<?, ?> v = parse(line);
            if (v == null) {
                return false;
            }
            Object nested = YamlCodec.asMap(v.get("component")).map(c -> c.get("id")).orElse(null);
            return id.equals(String.valueOf(nested != null ? nested : v.get("component.id")));
        };
    }

    /** The line in the colour of its {@code log.level}: info cyan, warning yellow, error red, critical bright red. */
    public static String colored(String line) {
        Map<?, ?> v = parse(line);
        String level = v == null || v.get("log.level") == null ? "" : String.valueOf(v.get("log.level")).toLowerCase(Locale.ROOT);
        String code = switch (level) {
            case "info" -> "36";
            case "warn", "warning" -> "33";
            case "error" -> "31";
            case "critical", "fatal" -> "91";
            default -> null;
        };
        return code == null ? line : "\u001b[" + code + "m" + line + "\u001b[0m";
    }

    /** An ECS line's members by their dotted or nested names, or null for a line that is not a JSON object. */
    private static Map<?, ?> parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return Json.readObject(line.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
