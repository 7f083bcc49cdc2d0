package io.appfleet.desired.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.util.FileUtils;

/**
 * Fetches the configured branch into a local bare repository and reads manifests from a commit's tree. Reading
 * from the object database, never a working copy, means a half-finished fetch can never yield a mix of two
 * commits. Used from one thread only.
 */
final class GitFetcher implements AutoCloseable {

    private final GitSourceSettings settings;
    private final Path localDir;
    private final String trackingRef;
    private Repository repository;

    GitFetcher(GitSourceSettings settings) {
        this.settings = settings;
        // One directory per source: changing the configured repository never reads another one's objects.
        this.localDir = settings.dataDir().resolve(digest(settings.repository() + "#" + settings.branch()) + ".git");
        this.trackingRef = "refs/remotes/origin/" + settings.branch();
    }

    Path localDir() {
        return localDir;
    }

    /** Fetches the branch and answers its head commit. */
    ObjectId fetchHead() throws GitSyncException {
        Repository repo = open();
        try (Git git = Git.wrap(repo)) {
            git.fetch()
                    .setRemote(settings.repository())
                    .setRefSpecs(new RefSpec("+" + settings.ref() + ":" + trackingRef))
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setCredentialsProvider(credentials())
                    .setTimeout((int) Math.max(1, settings.timeout().toSeconds()))
                    .call();
            Ref ref = repo.exactRef(trackingRef);
            if (ref == null || ref.getObjectId() == null) {
                throw new GitSyncException("branch " + settings.branch() + " not found in " + settings.repository());
            }
            return ref.getObjectId();
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new GitSyncException("fetch of " + settings.branch() + " from " + settings.repository()
                    + " failed: " + describe(e), e);
        }
    }

    /** Every manifest under the configured path at {@code commitId}. */
    CommitSnapshot read(ObjectId commitId) throws GitSyncException {
        Repository repo = open();
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(commitId);
            GitCommit meta = describe(commit);
            List<ManifestFile> files = new ArrayList<>();
            List<SyncReport.FileResult> withheld = new ArrayList<>();
            String base = settings.path();
            try (TreeWalk tree = new TreeWalk(repo)) {
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                if (!base.isEmpty()) {
                    checkDirectory(repo, commit, base);
                    tree.setFilter(PathFilter.create(base));
                }
                while (tree.next()) {
                    String path = tree.getPathString();
                    String relative = base.isEmpty() ? path : path.substring(base.length() + 1);
                    if (hidden(relative) || !isManifestName(path)) {
                        continue;
                    }
                    if (files.size() + withheld.size() >= settings.maxFiles()) {
                        throw new GitSyncException("more than " + settings.maxFiles() + " manifest files under '"
                                + displayPath() + "' at " + meta.shortSha() + " (appfleet.git.max-files)");
                    }
                    FileMode mode = tree.getFileMode(0);
                    if (mode == FileMode.SYMLINK) {
                        withheld.add(SyncReport.FileResult.rejected(path, "a symbolic link; links are not followed"));
                        continue;
                    }
                    if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                        continue;
                    }
                    ObjectLoader blob = repo.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                    if (blob.getSize() > settings.maxFileSize()) {
                        withheld.add(SyncReport.FileResult.rejected(path, "the file has " + blob.getSize()
                                + " bytes; the limit is " + settings.maxFileSize() + " bytes (appfleet.git.max-file-size)"));
                        continue;
                    }
                    files.add(new ManifestFile(path, blob.getBytes()));
                }
            }
            return new CommitSnapshot(meta, files, withheld);
        } catch (MissingObjectException e) {
            throw new GitSyncException("commit " + commitId.name() + " is incomplete in the local repository: "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new GitSyncException("reading commit " + commitId.name() + " failed: " + describe(e), e);
        }
    }

    /** Deletes the local repository; the next fetch starts from an empty one (after repeated failures). */
    void discardLocalRepository() {
        close();
        try {
            if (Files.exists(localDir)) {
                FileUtils.delete(localDir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + localDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }

    private Repository open() throws GitSyncException {
        if (repository != null) {
            return repository;
        }
        try {
            Files.createDirectories(localDir.getParent());
            if (Files.isDirectory(localDir.resolve("objects"))) {
                repository = new FileRepositoryBuilder().setGitDir(localDir.toFile()).setMustExist(true).build();
            } else {
                discardLocalRepository();
                repository = Git.init().setBare(true).setDirectory(localDir.toFile())
                        .setInitialBranch(settings.branch()).call().getRepository();
            }
            return repository;
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw new GitSyncException("cannot open the local repository " + localDir + ": " + describe(e), e);
        }
    }

    private void checkDirectory(Repository repo, RevCommit commit, String base) throws IOException, GitSyncException {
        try (TreeWalk probe = TreeWalk.forPath(repo, base, commit.getTree())) {
            if (probe == null) {
                // Never pass an empty set here: with prune that would delete every deployment from git.
                throw new GitSyncException("path '" + base + "' does not exist at commit " + commit.name());
            }
            if (probe.getFileMode(0) != FileMode.TREE) {
                throw new GitSyncException("path '" + base + "' is not a directory at commit " + commit.name());
            }
        }
    }

    private GitCommit describe(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        String message = commit.getShortMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200);
        }
        return new GitCommit(commit.name(), settings.repository(), settings.branch(),
                author == null ? null : author.getName() + " <" + author.getEmailAddress() + ">",
                Instant.ofEpochSecond(commit.getCommitTime()), message);
    }

    private CredentialsProvider credentials() {
        if (settings.password().isEmpty()) {
            return null;
        }
        return new UsernamePasswordCredentialsProvider(settings.username().orElse("x-access-token"),
                settings.password().get());
    }

    private String displayPath() {
        return settings.path().isEmpty() ? "/" : settings.path();
    }

    static boolean isManifestName(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
    }

    /** Dot-files and anything in a dot-directory ({@code .github/workflows/*.yml}) are not manifests. */
    static boolean hidden(String relativePath) {
        for (String segment : relativePath.split("/")) {
            if (segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 400; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(m.strip());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
