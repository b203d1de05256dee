package org.fleetagent.fleet;

import java.io.IOException;

/**
 * A reply from Fleet larger than the client reads: not Fleet Server's (a wrong URL, a proxy's page, a broken
 * server). Its message is the line the user sees.
 */
public final class ReplyTooLargeException extends IOException {
    /**
     * @param announced the length the reply announced, or -1 when it was found by reading past the limit
     */
    ReplyTooLargeException(String host, long limit, long announced) {
        super("Fleet's reply from " + host + " is larger than " + limit / (1024 * 1024) + " MiB"
                + (announced > 0 ? " (it announced " + announced + " bytes)" : "")
                + ": it was not read; check that --url names a Fleet Server and not another service");
    }
}
