package io.appfleet.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Refuses oversized bodies with 413 problem+json before they are read. JSON documents have a
 * small cap; bulk formats (CSV, YAML imports) a larger one. The HTTP layer's own
 * {@code quarkus.http.limits.max-body-size} stays the hard ceiling for bodies without a length.
 */
public class BodySizeLimit {

    private final long maxJson;
    private final long maxBulk;

    public BodySizeLimit(@ConfigProperty(name = "appfleet.http.max-json-body", defaultValue = "1M") MemorySize maxJson,
            @ConfigProperty(name = "appfleet.http.max-bulk-body", defaultValue = "32M") MemorySize maxBulk) {
        this.maxJson = maxJson.asLongValue();
        this.maxBulk = maxBulk.asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        int length = request.getLength();
        if (length < 0) {
            return null;
        }
        MediaType type = request.getMediaType();
        boolean json = type != null && type.getSubtype().endsWith("json");
        long limit = json ? maxJson : maxBulk;
        if (length > limit) {
            return ProblemMappers.respond(new Problem("about:blank", "Payload too large", 413,
                    "the body has " + length + " bytes; the limit for " + (json ? "JSON" : "this media type") + " is "
                            + limit + " bytes",
                    request.getUriInfo().getPath(), null, null));
        }
        return null;
    }
}
