package org.fleetagent.transport;

import java.io.IOException;

/** The peer at a {@code socks5://} proxy URL did not answer the SOCKS5 greeting as a SOCKS5 proxy does. */
final class SocksGreetingException extends IOException {
    SocksGreetingException(String message, IOException cause) {
        super(message, cause);
    }
}
