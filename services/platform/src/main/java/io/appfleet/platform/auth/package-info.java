/**
 * API authentication shared by the services: {@code aft_} API tokens (hashed, compared in constant time), 401/403
 * as problem+json, and the plain-Java pieces the command line also uses (JWT issuer, PEM keys, roles). A service
 * includes the Quarkus beans with {@code appfleet.auth-layer=true} and declares who may do what in its
 * {@code quarkus.http.auth.permission.*}; JWTs themselves are verified by smallrye-jwt.
 */
package io.appfleet.platform.auth;
