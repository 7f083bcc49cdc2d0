package io.appfleet.desired.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A real git "server" for tests: a bare repository (what the poller fetches from, by file:// URL) and a working
 * clone where the test edits files, commits and pushes, as an operator would.
 */
final class TestGitRemote implements AutoCloseable {

    private final Path bare;
    private final Path work;
    private final Git git;
    private final String branch;

    private TestGitRemote(Path bare, Path work, Git git, String branch) {
        this.bare = bare;
        this.work = work;
        this.git = git;
        this.branch = branch;
    }

    static TestGitRemote create(Path dir, String branch) {
        try {
            Path bare = dir.resolve("remote.git");
            Path work = dir.resolve("work");
            Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch(branch).call().close();
            Git git = Git.init().setDirectory(work.toFile()).setInitialBranch(branch).call();
            git.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toString()))
                    .call();
            return new TestGitRemote(bare, work, git, branch);
        } catch (GitAPIException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reopens a remote created earlier (possibly by another class loader's copy of this class). */
    static TestGitRemote open(Path dir, String branch) {
        try {
            return new TestGitRemote(dir.resolve("remote.git"), dir.resolve("work"), Git.open(dir.resolve("work").toFile()),
                    branch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL the poller is configured with. */
    String url() {
        return bare.toUri().toString();
    }

    Path bareDir() {
        return bare;
    }

    TestGitRemote write(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    TestGitRemote write(String path, byte[] content) {
        try {
            Path file = work.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            git.add().addFilepattern(path).call();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    TestGitRemote symlink(String path, String target) {
        try {
            Path file = work.resolve(path);
            Files.createDirectories(file.getParent());
            Files.createSymbolicLink(file, Path.of(target));
            git.add().addFilepattern(path).call();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    TestGitRemote delete(String path) {
        try {
            git.rm().addFilepattern(path).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits what was written and pushes it to the bare repository; answers the new commit's SHA. */
    String commitAndPush(String message) {
        try {
            PersonIdent who = new PersonIdent("Ops Person", "ops@example.net");
            RevCommit c = git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false)
                    .setAllowEmpty(true).call();
            git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
                    .setForce(true).call();
            return c.name();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
