package io.appfleet.desired.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import io.appfleet.desired.gitops.SyncReport.FileResult;
import io.appfleet.desired.gitops.SyncReport.Outcome;
import io.appfleet.testsupport.EmbeddedPostgresServer;
import io.appfleet.testsupport.FleetInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The poller against a real git repository (created here with JGit, pushed to like an operator would) and the
 * real PostgreSQL schema. "Restart" is a new poller with nothing but the database in common with the old one.
 */
class GitPollerIT {

    private static final String DATABASE = "gitops_poller_it";
    private static DataSource dataSource;

    @TempDir
    Path tmp;

    private final List<GitPoller> pollers = new ArrayList<>();
    private final List<TestGitRemote> remotes = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GitOpsMetrics metrics = new GitOpsMetrics(registry);

    @BeforeAll
    static void database() {
        EmbeddedPostgresServer pg = FleetInfra.shared().postgres();
        pg.createDatabase(DATABASE);
        // The service's own migrations, as Quarkus runs them at start.
        Flyway.configure().dataSource(pg.jdbcUrl(DATABASE), pg.username(), pg.password()).schemas("desired")
                .locations("classpath:db/migration", "classpath:db/platform").load().migrate();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl(DATABASE) + "?currentSchema=desired");
        ds.setUser(pg.username());
        ds.setPassword(pg.password());
        dataSource = ds;
    }

    @AfterEach
    void stop() {
        pollers.forEach(GitPoller::close);
        remotes.forEach(TestGitRemote::close);
    }

    @Test
    void pushesArePickedUpAndDeletedFilesPruned() throws Exception {
        TestGitRemote remote = remote("main");
        String first = remote.write("fleet/a.yaml", "kind: AppDeployment # a v1\n")
                .write("fleet/b.yml", "kind: AppDeployment # b\n")
                .write("fleet/sub/c.json", "{\"kind\": \"AppDeployment\"}")
                .write("fleet/README.md", "not a manifest")
                .write("fleet/.drafts/d.yaml", "kind: AppDeployment # hidden")
                .write("other/e.yaml", "kind: AppDeployment # outside the path")
                .write(".github/workflows/ci.yml", "on: push")
                .commitAndPush("first apps");
        RecordingManifestSink sink = new RecordingManifestSink();
        GitPoller poller = start(settings(remote, "main", "fleet", true), sink);

        RecordingManifestSink.Call call = awaitCall(sink, first);
        assertThat(call.paths()).containsExactly("fleet/a.yaml", "fleet/b.yml", "fleet/sub/c.json");
        assertThat(call.prune()).isTrue();
        assertThat(call.text("fleet/a.yaml")).isEqualTo("kind: AppDeployment # a v1\n");
        assertThat(call.commit().author()).isEqualTo("Ops Person <ops@example.net>");
        assertThat(call.commit().message()).isEqualTo("first apps");
        assertThat(call.commit().branch()).isEqualTo("main");
        assertThat(call.commit().repository()).isEqualTo(remote.url());

        // The "push": a change and a deletion, found by the interval (1 s) alone.
        String second = remote.write("fleet/a.yaml", "kind: AppDeployment # a v2\n").delete("fleet/b.yml")
                .commitAndPush("a v2, b gone");
        call = awaitCall(sink, second);
        assertThat(call.paths()).containsExactly("fleet/a.yaml", "fleet/sub/c.json");
        assertThat(call.prune()).isTrue();
        assertThat(call.text("fleet/a.yaml")).isEqualTo("kind: AppDeployment # a v2\n");
        await().atMost(10, TimeUnit.SECONDS).until(() -> second.equals(poller.status().lastSyncedCommit()));
        GitSyncStatus status = poller.status();
        assertThat(status.state()).isEqualTo("synced");
        assertThat(status.lastReport().pruned()).containsExactly("b");
        assertThat(status.lastReport().files()).extracting(FileResult::path, FileResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fleet/a.yaml", Outcome.APPLIED),
                        org.assertj.core.groups.Tuple.tuple("fleet/sub/c.json", Outcome.UNCHANGED));
        assertThat(recordedCommit(poller)).isEqualTo(second);

        // Later polls find nothing new and call nothing. Counted when a poll has finished (the fetch count goes up
        // when one starts).
        double unchanged = count("unchanged");
        await().atMost(15, TimeUnit.SECONDS).until(() -> count("unchanged") >= unchanged + 3);
        assertThat(sink.calls()).hasSize(2);
        assertThat(count("applied")).isEqualTo(2);
        assertThat(registry.get("fleet.desired.git.last.success.timestamp.seconds").gauge().value())
                .isGreaterThan(0);
    }

    @Test
    void aRestartDoesNotApplyTheSameCommitAgain() throws Exception {
        TestGitRemote remote = remote("main");
        String first = remote.write("apps/a.yaml", "kind: AppDeployment # a\n").commitAndPush("one");
        RecordingManifestSink sink = new RecordingManifestSink();
        GitSourceSettings settings = settings(remote, "main", "apps", true);
        GitPoller before = start(settings, sink);
        awaitCall(sink, first);
        await().atMost(10, TimeUnit.SECONDS).until(() -> first.equals(recordedCommit(before)));
        before.close();

        // Nothing shared but the database: a fresh clone directory and new in-memory state.
        GitSourceSettings freshClone = new GitSourceSettings(settings.repository(), settings.branch(),
                settings.path(), settings.interval(), settings.jitter(), settings.prune(), Optional.empty(),
                Optional.empty(), tmp.resolve("clone-after-restart"), settings.timeout(), settings.maxFileSize(),
                settings.maxFiles());
        GitPoller after = start(freshClone, sink);
        assertThat(after.status().lastSyncedCommit()).as("state loaded from the database").isEqualTo(first);
        await().atMost(15, TimeUnit.SECONDS).until(() -> after.status().fetches() >= 3);
        assertThat(after.status().state()).isEqualTo("synced");
        assertThat(sink.callsFor(first)).hasSize(1);

        String second = remote.write("apps/a.yaml", "kind: AppDeployment # a2\n").commitAndPush("two");
        awaitCall(sink, second);
        await().atMost(10, TimeUnit.SECONDS).until(() -> after.status().fetches() >= 6);
        assertThat(sink.callsFor(second)).hasSize(1);
        assertThat(sink.calls()).hasSize(2);
    }

    @Test
    void aFailedSyncIsRetriedAtTheNextInterval() throws Exception {
        TestGitRemote remote = remote("main");
        String first = remote.write("apps/a.yaml", "kind: AppDeployment\n").commitAndPush("one");
        RecordingManifestSink sink = new RecordingManifestSink();
        sink.failNext(1);
        GitPoller poller = start(settings(remote, "main", "apps", true), sink);

        await().atMost(10, TimeUnit.SECONDS).until(() -> "failing".equals(poller.status().state()));
        GitSyncStatus failing = poller.status();
        assertThat(failing.lastFailureReason()).contains("applying commit " + first.substring(0, 12))
                .contains("injected: database unavailable");
        assertThat(failing.lastSyncedCommit()).isNull();
        assertThat(recordedCommit(poller)).isNull();

        await().atMost(10, TimeUnit.SECONDS).until(() -> first.equals(poller.status().lastSyncedCommit()));
        assertThat(sink.callsFor(first)).hasSize(2);
        GitSyncStatus recovered = poller.status();
        assertThat(recovered.state()).isEqualTo("synced");
        assertThat(recovered.lastFailureAt()).isNotNull();
        assertThat(recovered.lastSuccessAt()).isAfter(recovered.lastFailureAt());
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("applied")).isEqualTo(1);
    }

    @Test
    void oversizedFilesAndLinksAreRejectedAndHoldBackPrune() throws Exception {
        TestGitRemote remote = remote("main");
        String first = remote.write("apps/a.yaml", "kind: AppDeployment # small\n")
                .write("apps/big.yaml", "#".repeat(2048))
                .write("apps/bad.yaml", "kind: AppDeployment # REJECT-ME\n")
                .symlink("apps/link.yaml", "/etc/passwd")
                .commitAndPush("with problems");
        RecordingManifestSink sink = new RecordingManifestSink();
        GitSourceSettings s = settings(remote, "main", "apps", true);
        GitPoller poller = start(new GitSourceSettings(s.repository(), s.branch(), s.path(), s.interval(),
                s.jitter(), s.prune(), Optional.empty(), Optional.empty(), s.dataDir(), s.timeout(), 1024, 100),
                sink);

        RecordingManifestSink.Call call = awaitCall(sink, first);
        assertThat(call.paths()).containsExactly("apps/a.yaml", "apps/bad.yaml");
        assertThat(call.prune()).as("a file the poller could not pass on must not delete its deployment").isFalse();
        await().atMost(10, TimeUnit.SECONDS).until(() -> first.equals(poller.status().lastSyncedCommit()));
        List<FileResult> files = poller.status().lastReport().files();
        assertThat(files).extracting(FileResult::path).containsExactly("apps/a.yaml", "apps/bad.yaml",
                "apps/big.yaml", "apps/link.yaml");
        assertThat(files.get(1).reason()).contains("injected rejection");
        assertThat(files.get(2).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(files.get(2).reason()).contains("2048 bytes").contains("1024").contains("appfleet.git.max-file-size");
        assertThat(files.get(3).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(files.get(3).reason()).contains("symbolic link");
        assertThat(count("rejected")).isEqualTo(1);
    }

    @Test
    void aMissingPathOrRepositoryFailsWithoutCallingTheSink() throws Exception {
        TestGitRemote remote = remote("main");
        remote.write("apps/a.yaml", "kind: AppDeployment\n").commitAndPush("one");
        RecordingManifestSink sink = new RecordingManifestSink();
        GitPoller wrongPath = start(settings(remote, "main", "nope", true), sink);
        GitSourceSettings s = settings(remote, "main", "apps", true);
        GitPoller wrongBranch = start(settings(remote, "release", "apps", true), sink);
        GitPoller wrongRepo = start(new GitSourceSettings(tmp.resolve("no-such-repo").toUri().toString(), "main",
                "apps", s.interval(), 0, true, Optional.empty(), Optional.empty(), tmp.resolve("c3"), s.timeout(),
                s.maxFileSize(), s.maxFiles()), sink);

        await().atMost(10, TimeUnit.SECONDS).until(() -> "failing".equals(wrongPath.status().state())
                && "failing".equals(wrongBranch.status().state()) && "failing".equals(wrongRepo.status().state()));
        assertThat(wrongPath.status().lastFailureReason()).contains("path 'nope' does not exist");
        assertThat(wrongBranch.status().lastFailureReason()).contains("release");
        assertThat(wrongRepo.status().lastFailureReason()).contains("fetch of main");
        assertThat(sink.calls()).isEmpty();
        // The failure is kept for the status after a restart.
        assertThat(new GitSyncStore(dataSource).load(wrongPath.settings().sourceKey()).orElseThrow().lastFailure())
                .contains("path 'nope' does not exist");
    }

    @Test
    void twoInstancesApplyACommitOnlyOnce() throws Exception {
        TestGitRemote remote = remote("main");
        String first = remote.write("apps/a.yaml", "kind: AppDeployment\n").commitAndPush("one");
        RecordingManifestSink sink = new RecordingManifestSink();
        var entered = sink.block();
        GitSourceSettings s = settings(remote, "main", "apps", true);
        GitPoller a = start(s, sink);
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

        GitPoller b = start(new GitSourceSettings(s.repository(), s.branch(), s.path(), s.interval(), s.jitter(),
                s.prune(), Optional.empty(), Optional.empty(), tmp.resolve("clone-b"), s.timeout(), s.maxFileSize(),
                s.maxFiles()), sink);
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("skipped") >= 1);
        sink.open();

        await().atMost(10, TimeUnit.SECONDS).until(() -> first.equals(a.status().lastSyncedCommit())
                && first.equals(b.status().lastSyncedCommit()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> b.status().fetches() >= 3);
        assertThat(sink.callsFor(first)).hasSize(1);
    }

    private RecordingManifestSink.Call awaitCall(RecordingManifestSink sink, String sha) {
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> !sink.callsFor(sha).isEmpty());
        return sink.callsFor(sha).get(0);
    }

    private TestGitRemote remote(String branch) {
        TestGitRemote r = TestGitRemote.create(tmp.resolve("remote-" + remotes.size()), branch);
        remotes.add(r);
        return r;
    }

    private GitSourceSettings settings(TestGitRemote remote, String branch, String path, boolean prune) {
        return new GitSourceSettings(remote.url(), branch, path, Duration.ofSeconds(1), 0.2, prune, Optional.empty(),
                Optional.empty(), tmp.resolve("clone-" + pollers.size()), Duration.ofSeconds(20), 1024 * 1024, 100);
    }

    private GitPoller start(GitSourceSettings settings, ManifestSink sink) {
        GitPoller p = new GitPoller(settings, new GitSyncStore(dataSource), sink, metrics, Clock.systemUTC());
        pollers.add(p);
        p.start();
        return p;
    }

    private double count(String outcome) {
        return registry.get("fleet.desired.git.syncs").tag("outcome", outcome).counter().count();
    }

    private static String recordedCommit(GitPoller poller) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT last_commit FROM git_sync WHERE source = ?")) {
            st.setString(1, poller.settings().sourceKey());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
