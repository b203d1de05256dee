package org.fleetagent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Map;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.fleetagent.tls.TlsContext;

/**
 * Sockets that speak to the proxy hop. For an {@code https://} proxy, OkHttp connects its raw socket to the proxy,
 * writes the CONNECT and then layers the TLS to Fleet over that socket; a socket from this factory does the TLS
 * handshake with the proxy inside {@code connect} (presenting the client certificate when one is configured,
 * checking the proxy's certificate and name) and hands OkHttp the encrypted streams. For a destination routed
 * through a SOCKS5 proxy ({@link SocksRoutes}) it connects to the proxy and opens the tunnel inside
 * {@code connect}. Connections to anything else are plain.
 */
final class ProxySocketFactory extends SocketFactory {
    /** TLS settings per proxy endpoint, keyed {@code host:port}. */
    private final Map<String, TlsHop> hops;
    private final SocksRoutes socks;

    record TlsHop(String host, int port, String label, TlsContext tls) {
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private interface IoRun {
        void run() throws IOException;
    }

    /** @param socks this client's SOCKS5 routes, or null when it has none */
    ProxySocketFactory(Map<String, TlsHop> hops, SocksRoutes socks) {
        this.hops = Map.copyOf(hops);
        this.socks = socks;
    }

    static String key(String host, int port) {
        return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    @Override
    public Socket createSocket() {
        return new HopSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    private Socket connected(InetSocketAddress endpoint) throws IOException {
        Socket s = createSocket();
        s.connect(endpoint);
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(address, port);
    }

    /** A socket that becomes TLS once connected to a TLS proxy, and stays plain otherwise. */
    private final class HopSocket extends Socket {
        private volatile Socket active;
        private volatile boolean closing;
        private volatile String label;

        HopSocket() {
            super();
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            InetSocketAddress a = (InetSocketAddress) endpoint;
            SocksRoutes.Route route = socks == null ? null : socks.route(a);
            if (route != null) {
                connectThroughSocks(route, a.getPort(), timeout);
                return;
            }
            if (a.getAddress() != null && a.getAddress().isAnyLocalAddress() && !a.getHostString().equals(a.getAddress().getHostAddress())) {
                a = new InetSocketAddress(a.getHostString(), a.getPort()); // a name left to a SOCKS proxy under another scheme
            }
            TlsHop hop = hops.get(key(a.getHostString(), a.getPort()));
            super.connect(a, timeout);
            if (hop == null) {
                active = null;
                return;
            }
            try {
                SSLSocket ssl = (SSLSocket) hop.tls().socketFactory().createSocket(this, hop.host(), hop.port(), true);
                if (hop.tls().checksHostname()) {
                    SSLParameters p = ssl.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(p);
                }
                ssl.startHandshake();
                label = hop.label();
                active = ssl;
            } catch (IOException e) {
                super.close();
                throw new ProxyHopException(hop.label(), e, true);
            }
        }

        private void connectThroughSocks(SocksRoutes.Route route, int port, int timeout) throws IOException {
            java.net.Proxy p = Proxies.toProxy(route.proxy());
            InetSocketAddress unresolved = (InetSocketAddress) p.address();
            InetSocketAddress proxy = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
            String label = Proxies.redact(route.proxy());
            try {
                super.connect(proxy, timeout);
            } catch (java.net.ConnectException e) {
                super.close();
                throw new java.net.ConnectException(e.getMessage() + ": the SOCKS5 proxy " + label); // names the proxy host
            }
            int readTimeout = getSoTimeout();
            try {
                if (readTimeout == 0) {
                    setSoTimeout(timeout); // a proxy that never answers the greeting fails like one that never accepts
                }
                Socks5.open(this, label, route.proxy().getRawUserInfo(), route.host(), port);
                setSoTimeout(readTimeout);
            } catch (IOException e) {
                super.close();
                throw e;
            }
            active = null;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            Socket a = active;
            if (a == null) {
                return super.getInputStream();
            }
            // with TLS 1.3 a proxy refuses the client certificate only after the handshake: its alert arrives on
            // the first read, and must still be reported as the proxy's
            InputStream in = a.getInputStream();
            return new java.io.FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    return onHop(in::read);
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return onHop(() -> in.read(b, off, len));
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            Socket a = active;
            if (a == null) {
                return super.getOutputStream();
            }
            OutputStream out = a.getOutputStream();
            return new java.io.FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    hopWrite(() -> out.write(b));
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    hopWrite(() -> out.write(b, off, len));
                }

                @Override
                public void flush() throws IOException {
                    hopWrite(() -> out.flush());
                }
            };
        }

        /** Runs one write on the TLS hop; its failure is the proxy's. */
        private void hopWrite(IoRun write) throws IOException {
            onHop(() -> {
                write.run();
                return null;
            });
        }

        /** Runs one read or write on the TLS hop; its failure is the proxy's. */
        private <T> T onHop(IoCall<T> call) throws IOException {
            try {
                return call.run();
            } catch (ProxyHopException e) {
                throw e;
            } catch (IOException e) {
                throw new ProxyHopException(label, e, false);
            }
        }

        @Override
        public void close() throws IOException {
            // the layered SSLSocket closes this socket when it closes (autoClose): avoid going round in circles
            if (closing) {
                super.close();
                return;
            }
            closing = true;
            Socket a = active;
            if (a != null) {
                try {
                    a.close();
                } catch (IOException e) {
                    // the plain socket below is closed next either way
                }
            }
            super.close();
        }

        @Override
        public void shutdownInput() throws IOException {
            if (active == null) {
                super.shutdownInput();
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            if (active == null) {
                super.shutdownOutput();
            }
        }

    }
}
