package io.appfleet.desired.auth;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** How an IT that is not about auth can run the service without it. */
public class AuthDisabledProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("appfleet.auth.enabled", "false");
    }
}
