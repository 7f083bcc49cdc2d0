package io.appfleet.desired.devicestate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.ManifestReader;

/**
 * Loads the live deployments at their current revision. Parsed manifests are cached by name and
 * digest: the table is read in every change, the JSON parsed only when a deployment changed.
 */
@ApplicationScoped
public class ActiveDeployments {

    @Inject
    AgroalDataSource dataSource;

    private final Map<String, AppDeployment> parsed = new ConcurrentHashMap<>();

    public FleetSnapshot load() {
        List<DeploymentSnapshot> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, current_revision, priority, digest, spec::text FROM deployment ORDER BY priority");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                String digest = rs.getString(4);
                String json = rs.getString(5);
                AppDeployment m = parsed.computeIfAbsent(name + "@" + digest, k -> ManifestReader.fromStored(json));
                out.add(DeploymentSnapshot.of(name, rs.getLong(2), rs.getLong(3), m));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read deployments: " + e.getMessage(), e);
        }
        if (parsed.size() > 4 * out.size() + 64) {
            parsed.clear();
        }
        return new FleetSnapshot(out);
    }
}
