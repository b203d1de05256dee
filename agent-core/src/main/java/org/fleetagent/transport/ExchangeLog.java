package org.fleetagent.transport;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code DEBUG_AGENT=1}: one debug line per HTTP exchange, as the real Fleet client's debug round tripper
 * ({@code fleetapi/client/client.go}, {@code remote/round_trippers.go}) logs each request. Only the method, the
 * path, the status and the time taken: never the query, the headers or the bodies, which carry the API key, the
 * enrollment token and the policy's secrets.
 */
final class ExchangeLog implements Interceptor {
    static final String VARIABLE = "DEBUG_AGENT";
    private static final Logger LOG = Logger.getLogger(ExchangeLog.class.getName());

    /** As the real one: exactly "1" turns it on (not "true"). */
    static boolean enabled(Map<String, String> env) {
        return "1".equals(env.get(VARIABLE));
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        long start = System.nanoTime();
        String what = request.method() + " " + request.url().encodedPath();
        try {
            Response response = chain.proceed(request);
            LOG.log(Level.FINE, () -> line(what, String.valueOf(response.code()), start));
            return response;
        } catch (IOException e) {
            LOG.log(Level.FINE, () -> line(what, "no response (" + e.getClass().getSimpleName() + ")", start));
            throw e;
        }
    }

    private static String line(String what, String outcome, long start) {
        return "http " + what + " -> " + outcome + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms";
    }
}
