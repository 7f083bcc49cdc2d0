package io.appfleet.adapter.api;

import io.appfleet.adapter.DeviceAdapter;
import io.appfleet.platform.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** Asks for a pass now, whatever the resync schedule says. */
@Path("/api/v1/devices/{id}/refresh")
public class DeviceRefreshResource {

    @Inject
    DeviceAdapter adapter;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response refresh(@PathParam("id") String id) {
        if (!adapter.reconciler().refresh(id)) {
            throw ProblemException.notFound("device " + id + " is not handled by this adapter instance ("
                    + adapter.instanceId() + "): unknown to inventory, or owned by another instance");
        }
        return Response.accepted(Map.of("deviceId", id, "queued", true, "adapterInstanceId", adapter.instanceId())).build();
    }
}
