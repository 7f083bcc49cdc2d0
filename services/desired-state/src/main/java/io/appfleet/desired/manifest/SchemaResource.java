package io.appfleet.desired.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Serves the published JSON Schema of AppDeployment (the file {@code docs/appdeployment.schema.json}). */
@Path("/api/v1/schema")
@Tag(name = "deployments")
public class SchemaResource {

    /** Where the build copies {@code docs/appdeployment.schema.json}. */
    public static final String RESOURCE = "schema/appdeployment.schema.json";

    private static final String SCHEMA = load();

    @GET
    @Produces({ "application/schema+json", "application/json" })
    @Operation(summary = "The JSON Schema (draft 2020-12) of AppDeployment manifests")
    public String schema() {
        return SCHEMA;
    }

    public static String load() {
        try (InputStream in = SchemaResource.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }
}
