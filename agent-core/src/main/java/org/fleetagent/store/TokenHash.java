package org.fleetagent.store;

/** PLACEHOLDER until the store branch lands. */
public final class TokenHash {
    private TokenHash() {
    }

    public static String hash(String token) {
        return "placeholder";
    }
}
