package org.fleetagent.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fleetagent.doctor.CertificateFacts;
import org.fleetagent.doctor.DoctorReport;
import org.fleetagent.doctor.DoctorRequest;
import org.fleetagent.doctor.Hop;
import org.fleetagent.doctor.PinForms;
import org.fleetagent.json.Json;
import org.fleetagent.tls.CertificateExpiry;

/** How {@code doctor} prints a report: a table for people, JSON for tools, or the server CA's pin. */
final class DoctorOutput {
    private DoctorOutput() {
    }

    static void human(PrintWriter out, DoctorRequest req, DoctorReport r) {
        out.println("Fleet Server: " + r.target() + " (settings from " + req.source() + ")");
        out.println("Proxy:        " + (r.proxy().isEmpty() ? "none" : r.proxy()));
        if (!r.policy().isEmpty()) {
            out.println("Policy:       " + r.policy());
        }
        out.println();
        out.printf("%-24s %-8s %7s  %s%n", "HOP", "RESULT", "TIME", "DETAIL");
        for (Hop h : r.hops()) {
            boolean skipped = h.outcome() == Hop.Outcome.SKIPPED;
            out.printf("%-24s %-8s %7s  %s%n", h.name(), h.failed() ? "FAILED" : h.outcome().name().toLowerCase(Locale.ROOT),
                    skipped ? "" : h.millis() + " ms", h.detail());
            if (h.failed()) {
                out.printf("%-24s %-8s %7s  fix: %s%n", "", "", "", h.fix());
            }
        }
        if (!r.certificates().isEmpty()) {
            out.println();
            out.println("CERTIFICATE                SUBJECT / EXPIRES");
            for (CertificateFacts c : r.certificates()) {
                out.printf("%-26s %s%n", c.role(), c.subject());
                out.printf("%-26s expires %s, %s%n", "", c.notAfter(), CertificateExpiry.phrase(c.daysLeft()));
            }
        }
        out.flush();
    }

    static void json(PrintWriter out, DoctorRequest req, DoctorReport r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("url", r.target().toString());
        doc.put("settings_from", req.source());
        doc.put("proxy", r.proxy());
        doc.put("policy", r.policy());
        doc.put("exit_code", r.exitCode().code());
        doc.put("hops", r.hops().stream().map(h -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", h.name());
            m.put("result", h.outcome().name().toLowerCase(Locale.ROOT));
            m.put("detail", h.detail());
            m.put("fix", h.fix());
            m.put("ms", h.millis());
            return m;
        }).toList());
        doc.put("certificates", r.certificates().stream().map(DoctorOutput::certificate).toList());
        out.println(Json.writeString(doc));
        out.flush();
    }

    /** The pin of the server's CA: the CA that verified the chain, else the top of the chain the server sent. */
    static boolean pin(PrintWriter out, DoctorReport r, boolean json) {
        List<CertificateFacts> certs = r.certificates().stream().filter(c -> !CertificateExpiry.CLIENT.equals(c.role())).toList();
        Optional<CertificateFacts> ca = certs.stream().filter(c -> CertificateExpiry.FLEET_CA.equals(c.role())).findFirst()
                .or(() -> certs.isEmpty() ? Optional.empty() : Optional.of(certs.getLast()));
        if (ca.isEmpty()) {
            return false;
        }
        Map<String, String> forms = PinForms.of(ca.get().pin());
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>(certificate(ca.get()));
            doc.put("pins", forms);
            out.println(Json.writeString(doc));
        } else {
            out.println("# " + ca.get().role() + ": " + ca.get().subject() + " (issued by " + ca.get().issuer() + ")");
            out.println("# check it out of band, then pass one of these to --ca-sha256 (all the same pin):");
            forms.forEach((k, v) -> out.printf("%-16s %s%n", k, v));
        }
        out.flush();
        return true;
    }

    private static Map<String, Object> certificate(CertificateFacts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", c.role());
        m.put("subject", c.subject());
        m.put("issuer", c.issuer());
        m.put("names", c.names());
        m.put("not_after", c.notAfter().toString());
        m.put("days_left", c.daysLeft());
        m.put("pin", c.pin());
        return m;
    }
}
