package org.fleetagent.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} whose {@link javax.net.ssl.SSLContext} is made on the first TLS socket. Setting up
 * the JDK's TLS provider costs time and resident memory, which a command or a daemon that only talks plain
 * HTTP (a Fleet Server on {@code http://}, the bootstrap's insecure-HTTP mode) should not pay.
 */
final class LazySslSocketFactory extends SSLSocketFactory {
    /** Makes the real factory. */
    interface Maker {
        SSLSocketFactory make() throws GeneralSecurityException;
    }

    private final Lazy<SSLSocketFactory, SSLException> delegate;

    /**
     * @param maker makes the real factory
     * @param role  what the factory is for, in the error when it cannot be made ("the Fleet Server")
     */
    LazySslSocketFactory(Maker maker, String role) {
        this.delegate = new Lazy<>(() -> {
            try {
                return maker.make();
            } catch (GeneralSecurityException e) {
                throw new SSLException("cannot set up TLS for " + role + ": " + e.getMessage(), e);
            }
        });
    }

    private SSLSocketFactory delegate() throws IOException {
        return delegate.get();
    }

    private SSLSocketFactory unchecked() {
        try {
            return delegate();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return unchecked().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return unchecked().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return delegate().createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return delegate().createSocket(s, consumed, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
        return delegate().createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return delegate().createSocket(address, port, localAddress, localPort);
    }
}
