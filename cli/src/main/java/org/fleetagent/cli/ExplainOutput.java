package org.fleetagent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetagent.enrollment.Explanation;
import org.fleetagent.enrollment.Explanation.Setting;
import org.fleetagent.json.Json;

/** {@code inspect --explain} for people (one table per destination) and for tools ({@code --output json}). */
final class ExplainOutput {
    enum Format { human, json }

    private ExplainOutput() {
    }

    static String render(Explanation e, Format format) {
        return format == Format.json ? json(e) : human(e);
    }

    private static String json(Explanation e) {
        List<Object> destinations = new ArrayList<>();
        for (Explanation.Destination d : e.destinations()) {
            List<Object> settings = new ArrayList<>();
            for (Setting s : d.settings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("value", s.value());
                m.put("source", s.source());
                m.put("rule", s.rule());
                settings.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("settings", settings);
            destinations.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("policy", e.policy());
        doc.put("destinations", destinations);
        return Json.writeString(doc) + "\n";
    }

    private static String human(Explanation e) {
        StringBuilder b = new StringBuilder();
        b.append("Policy: ").append(e.policy().isEmpty() ? "none applied yet (start the daemon: elastic-agent run)" : e.policy()).append('\n');
        for (Explanation.Destination d : e.destinations()) {
            b.append('\n').append(d.name()).append('\n');
            int name = "SETTING".length();
            int value = "VALUE".length();
            int source = "SOURCE".length();
            for (Setting s : d.settings()) {
                name = Math.max(name, s.name().length());
                value = Math.max(value, s.value().length());
                source = Math.max(source, s.source().length());
            }
            String row = "  %-" + name + "s  %-" + value + "s  %-" + source + "s  %s%n";
            b.append(String.format(row, "SETTING", "VALUE", "SOURCE", "WHY IT WINS"));
            for (Setting s : d.settings()) {
                b.append(String.format(row, s.name(), s.value(), s.source(), s.rule()));
            }
        }
        return b.toString();
    }
}
