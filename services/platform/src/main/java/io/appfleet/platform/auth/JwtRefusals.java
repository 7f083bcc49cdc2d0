package io.appfleet.platform.auth;

import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Says in a few words why a JWT was refused (expired, wrong issuer, …) from the verifier's exception chain, so the
 * 401 tells the caller what to fix. Our own sentences only: the verifier's messages quote claims and keys.
 *
 * <p>jose4j (under smallrye-jwt) is an optional dependency of the platform; a service without JWTs never loads this
 * class ({@link #describe} checks first).
 */
final class JwtRefusals {

    private static final boolean JOSE4J = present("org.jose4j.jwt.consumer.InvalidJwtException");

    private JwtRefusals() {
    }

    /** The reason, or null when the failure is not a JWT verification failure. */
    static String describe(Throwable failure) {
        return JOSE4J ? Jose4j.describe(failure) : null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, JwtRefusals.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static final class Jose4j {

        static String describe(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof UnresolvableKeyException) {
                    return "the token's signature cannot be checked: this service has no key for it";
                }
                if (t instanceof InvalidJwtException e) {
                    return describe(e);
                }
            }
            return null;
        }

        private static String describe(InvalidJwtException e) {
            if (e.getCause() instanceof UnresolvableKeyException) {
                return "the token's signature cannot be checked: this service has no key for it";
            }
            if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                return "the token's signature does not verify with the key this service trusts";
            }
            if (e.hasExpired()) {
                return "the token has expired; issue a new one";
            }
            if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                return "the token is not valid yet (check the clocks of the issuer and this service)";
            }
            if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                return "the token was not issued by the issuer this service trusts (claim iss)";
            }
            if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                return "the token is not meant for this service (claim aud)";
            }
            if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING) || e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)) {
                return "the token lacks an expiry or issue time (claims exp, iat)";
            }
            if (e.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
                return "the token names no subject (claim sub or upn)";
            }
            return "the token is not a well-formed signed JWT this service accepts";
        }
    }
}
