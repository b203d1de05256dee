package org.fleetagent.doctor;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetagent.tls.DigestForm;
import org.fleetagent.tls.DigestForm.Encoding;

/** One pin written in every form {@code --ca-sha256} and {@code ca_sha256} accept, the real agent's first. */
public final class PinForms {
    private PinForms() {
    }

    /** @param base64 the pin in the real agent's form (standard base64, padded) */
    public static Map<String, String> of(String base64) {
        byte[] d = Base64.getDecoder().decode(base64);
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("base64", DigestForm.BASE64_STANDARD.format(d));
        forms.put("base64url", new DigestForm("", Encoding.BASE64_URL, false, false).format(d));
        forms.put("hex", new DigestForm("", Encoding.HEX, false, false).format(d));
        forms.put("hex-colons", new DigestForm("", Encoding.HEX_COLONS, true, false).format(d));
        forms.put("sha256-prefixed", new DigestForm("sha256:", Encoding.HEX, false, false).format(d));
        return forms;
    }
}
