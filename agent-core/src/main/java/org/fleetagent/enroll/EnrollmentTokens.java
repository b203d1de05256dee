package org.fleetagent.enroll;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fleetagent.errors.AgentException;
import org.fleetagent.errors.ExitCode;

/**
 * Checks an enrollment token locally before it is sent: Fleet Server wants {@code base64("<id>:<key>")}, and a
 * token that lost its {@code =} padding or a few characters in a copy and paste otherwise comes back as a
 * confusing 400, 401 or 500 (user-pains row 25).
 */
public final class EnrollmentTokens {
    private EnrollmentTokens() {
    }

    /** Throws a credentials error that says what is wrong with the token, without printing it. */
    public static void check(String token) {
        String t = token == null ? "" : token.trim();
        if (t.isEmpty()) {
            throw new AgentException(ExitCode.USAGE, "the enrollment token is empty: pass --enrollment-token <token> from Kibana > Fleet > Enrollment tokens");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            String hint = t.length() % 4 != 0
                    ? " (its length is not a multiple of 4: was trailing '=' padding or part of it lost in a copy?)"
                    : "";
            throw new AgentException(ExitCode.CREDENTIALS,
                    "the enrollment token is not valid base64" + hint + ": copy it again from Kibana > Fleet > Enrollment tokens");
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new AgentException(ExitCode.CREDENTIALS,
                    "the enrollment token does not decode to text: it is truncated or not an enrollment token; copy it again from Kibana > Fleet > Enrollment tokens");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw new AgentException(ExitCode.CREDENTIALS,
                    "the enrollment token is not of the form base64(<id>:<key>): it is truncated or not an enrollment token; copy it again from Kibana > Fleet > Enrollment tokens");
        }
    }
}
