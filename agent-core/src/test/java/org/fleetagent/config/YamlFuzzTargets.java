package org.fleetagent.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fleetagent.errors.AgentException;
import org.fleetagent.fuzz.FuzzTarget;

/**
 * The YAML codec: any file of settings either reads or fails with one {@link AgentException}; what did read is
 * written back without error, and what was written reads back to the same document (the writer's fixpoint).
 */
public final class YamlFuzzTargets {
    private YamlFuzzTargets() {
    }

    public static List<FuzzTarget> all() {
        List<byte[]> seeds = List.of(bytes("""
                fleet:
                  enabled: true
                  access_api_key: "abc:def"
                  hosts: [https://fleet.example:8220]
                  ssl: {verification_mode: full, certificate_authorities: [/etc/ca.pem]}
                agent:
                  id: 7d6f
                  headers:
                    X-Test: 'a: b'
                outputs:
                  default:
                    type: elasticsearch
                    hosts:
                    - http://127.0.0.1:9200
                    ratio: 1.5e3
                    empty: ~
                    date: 2001-12-14
                """), bytes("""
                %YAML 1.2
                ---
                base: &b {x: 1, "y": [1, 2, {z: "\\u00e9\\x07"}]}
                copy: *b
                text: |
                  line one
                  line two
                folded: >-
                  a
                  b
                ? complex
                : value
                bin: !!binary aGVsbG8=
                tagged: !!str 12
                """), bytes("{\"json\": [1, 2.5, true, null, \"s\"], \"nested\": {\"a\": {\"b\": []}}}\n"));
        return List.of(new FuzzTarget("yaml-codec", seeds, YamlFuzzTargets::roundTrip, List.of(AgentException.class)));
    }

    private static void roundTrip(byte[] in) {
        Map<String, Object> doc = YamlFiles.parse(in, "fuzz.yml", "fix the file");
        byte[] written = YamlCodec.dumpBytes(doc);
        Map<String, Object> again;
        try {
            again = YamlFiles.parse(written, "written.yml", "");
        } catch (AgentException e) {
            throw new AssertionError("the writer wrote YAML it cannot read: " + e.getMessage() + "\n" + new String(written, StandardCharsets.UTF_8), e);
        }
        byte[] rewritten = YamlCodec.dumpBytes(again);
        if (!java.util.Arrays.equals(written, rewritten)) {
            throw new AssertionError("written YAML does not read back the same:\n" + new String(written, StandardCharsets.UTF_8)
                    + "\nthen:\n" + new String(rewritten, StandardCharsets.UTF_8));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
