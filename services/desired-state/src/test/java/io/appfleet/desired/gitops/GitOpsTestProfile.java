package io.appfleet.desired.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.eclipse.jgit.util.FileUtils;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service following a real git repository created here, with the webhook secret of the GitHub documentation's
 * test vector and the {@link RecordingManifestSink} in place of the deployment core. The interval is an hour, so
 * after the start-up poll only a webhook can cause a fetch.
 */
public class GitOpsTestProfile implements QuarkusTestProfile {

    static final String SECRET = "It's a Secret to Everybody";
    static final String FULL_NAME = "acme/fleet-config";
    static final String BRANCH = "main";
    // Shared through system properties: the profile and the test class may be loaded by different class loaders.
    private static final String DIR_PROPERTY = "appfleet.test.gitops.dir";
    private static final String FIRST_COMMIT_PROPERTY = "appfleet.test.gitops.first-commit";

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingManifestSink.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Path dir = dir();
        return Map.of(
                "appfleet.git.repository", dir.resolve("remote.git").toUri().toString(),
                "appfleet.git.branch", BRANCH,
                "appfleet.git.path", "fleet",
                "appfleet.git.interval", "1h",
                "appfleet.git.prune", "true",
                "appfleet.git.data-dir", dir.resolve("clones").toString(),
                "appfleet.webhook.secret", SECRET,
                "appfleet.webhook.repository", FULL_NAME,
                "appfleet.webhook.max-body", "64K");
    }

    /** The remote the service follows, for a test to push to. */
    static TestGitRemote remote() {
        return TestGitRemote.open(dir(), BRANCH);
    }

    static String firstCommit() {
        dir();
        return System.getProperty(FIRST_COMMIT_PROPERTY);
    }

    private static synchronized Path dir() {
        String existing = System.getProperty(DIR_PROPERTY);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            Path dir = Files.createTempDirectory("appfleet-gitops-it-");
            try (TestGitRemote remote = TestGitRemote.create(dir, BRANCH)) {
                String first = remote.write("fleet/a.yaml", "kind: AppDeployment # a v1\n")
                        .write("fleet/sub/b.json", "{\"kind\": \"AppDeployment\"}")
                        .write("fleet/README.md", "manifests live here")
                        .write(".github/workflows/ci.yml", "on: push")
                        .write("docs/c.yaml", "not under the path")
                        .commitAndPush("initial manifests");
                System.setProperty(FIRST_COMMIT_PROPERTY, first);
            }
            System.setProperty(DIR_PROPERTY, dir.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
