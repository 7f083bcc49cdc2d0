package io.appfleet.desired.devicestate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/** Until rollouts choose per device, every targeted device gets each deployment's current revision. */
@ApplicationScoped
public class CurrentRevisions {

    @Produces
    @DefaultBean
    @ApplicationScoped
    RevisionChooser chooser() {
        return RevisionChooser.CURRENT;
    }
}
