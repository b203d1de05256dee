package org.fleetagent.store;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where each setting of the Fleet connection came from: a command-line flag or an environment variable (the
 * container's) at enroll time, or a later {@code elastic-agent fleet set-…} command. Kept in fleet.enc under {@code fleet.origins} (an extension the real agent's reader ignores),
 * one string per setting such as {@code "flag --proxy-url"} or {@code "env FLEET_CA"}; a setting without an entry
 * took its default. Read by {@code inspect --explain}.
 *
 * @param bySetting the origin of each setting, by setting name ({@link #URL}, {@link #PROXY_URL}, ...)
 */
public record SettingOrigins(Map<String, Origin> bySetting) {
    /** Nothing recorded: an enrollment written before origins were kept, or by the real agent. */
    public static final SettingOrigins NONE = new SettingOrigins(Map.of());

    public static final String URL = "url";
    public static final String HEADERS = "headers";
    public static final String PROXY_URL = "proxy_url";
    public static final String PROXY_HEADERS = "proxy_headers";
    public static final String PROXY_DISABLE = "proxy_disable";
    public static final String CAS = "ssl.certificate_authorities";
    public static final String PINS = "ssl.ca_sha256";
    public static final String MODE = "ssl.verification_mode";
    public static final String CERT = "ssl.certificate";

    public SettingOrigins {
        bySetting = Map.copyOf(bySetting);
    }

    /** How a setting was given: a flag or variable at enroll time, or a {@code fleet set-…} command since. */
    public enum Kind { FLAG, ENV, COMMAND }

    /**
     * One setting's origin.
     *
     * @param kind flag, environment variable or command
     * @param name the flag ({@code --proxy-url}), the variable ({@code FLEET_CA}) or the command ({@code fleet set-ca})
     */
    public record Origin(Kind kind, String name) {
        public static Origin flag(String name) {
            return new Origin(Kind.FLAG, name);
        }

        public static Origin env(String name) {
            return new Origin(Kind.ENV, name);
        }

        public static Origin command(String name) {
            return new Origin(Kind.COMMAND, name);
        }

        String encode() {
            return kind.name().toLowerCase(Locale.ROOT) + " " + name;
        }

        /** The origin a stored string names, or null when it names none (then the key is kept as read). */
        static Origin decode(Object o) {
            if (!(o instanceof String s)) {
                return null;
            }
            int sp = s.indexOf(' ');
            if (sp <= 0 || sp == s.length() - 1) {
                return null;
            }
            return switch (s.substring(0, sp)) {
                case "flag" -> flag(s.substring(sp + 1));
                case "env" -> env(s.substring(sp + 1));
                case "command" -> command(s.substring(sp + 1));
                default -> null;
            };
        }

        /** For people: {@code command-line flag --proxy-url at enroll time}. */
        public String describe() {
            return switch (kind) {
                case FLAG -> "command-line flag " + name + " at enroll time";
                case ENV -> "environment variable " + name + " at enroll time";
                case COMMAND -> "'elastic-agent " + name + "'";
            };
        }
    }

    public Optional<Origin> of(String setting) {
        return Optional.ofNullable(bySetting.get(setting));
    }

    /** These origins with {@code setting} given by {@code origin} and {@code dropped} no longer recorded. */
    public SettingOrigins with(String setting, Origin origin, String... dropped) {
        Map<String, Origin> out = new LinkedHashMap<>(bySetting);
        for (String d : dropped) {
            out.remove(d);
        }
        out.put(setting, origin);
        return new SettingOrigins(out);
    }

    public boolean isEmpty() {
        return bySetting.isEmpty();
    }

    /** The {@code fleet.origins} block. */
    public Map<String, Object> encode() {
        Map<String, Object> out = new LinkedHashMap<>();
        bySetting.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.put(e.getKey(), e.getValue().encode()));
        return out;
    }

    /** The origins a {@code fleet.origins} block holds, or null when it is not one this agent wrote. */
    static SettingOrigins decode(Map<?, ?> block) {
        if (block.isEmpty()) {
            return null;
        }
        Map<String, Origin> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : block.entrySet()) {
            Origin o = Origin.decode(e.getValue());
            if (o == null) {
                return null;
            }
            out.put(String.valueOf(e.getKey()), o);
        }
        return new SettingOrigins(out);
    }
}
