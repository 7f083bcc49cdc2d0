package io.appfleet.devicesim.iosxe;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code copy http://...} really does on the simulator: fetches the URL and keeps only the
 * byte count and the SHA-256 of the body, never the bytes. The whole transfer, body included,
 * is bounded by a timeout; one HTTP client serves every device of the JVM.
 */
final class PackageDownload {

    enum Status { OK, NOT_FOUND, FAILED, TIMED_OUT }

    /** {@code detail} is the reason IOS would put in parentheses after a failure. */
    record Result(Status status, long size, String sha256, String detail) {
    }

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private PackageDownload() {
    }

    static Result fetch(String url, Duration timeout) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return new Result(Status.FAILED, 0, null, "Invalid URL");
        }
        CompletableFuture<HttpResponse<Digested>> f = HTTP.sendAsync(request, info -> info.statusCode() == 200
                ? new Digesting() : HttpResponse.BodySubscribers.replacing(null));
        try {
            HttpResponse<Digested> r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r.statusCode() == 404 || r.statusCode() == 410) {
                return new Result(Status.NOT_FOUND, 0, null, "No such file or directory");
            }
            if (r.statusCode() != 200) {
                // Wording not from a published capture.
                return new Result(Status.FAILED, 0, null, "HTTP status " + r.statusCode());
            }
            return new Result(Status.OK, r.body().size(), r.body().sha256(), null);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Result(Status.TIMED_OUT, 0, null, "Timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return new Result(Status.FAILED, 0, null, "Interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return new Result(Status.TIMED_OUT, 0, null, "Timed out");
            }
            // Wordings not from a published capture.
            return new Result(Status.FAILED, 0, null, cause instanceof ConnectException ? "Connection refused" : "I/O error");
        }
    }

    record Digested(long size, String sha256) {
    }

    /** Hashes the body as it arrives. */
    private static final class Digesting implements HttpResponse.BodySubscriber<Digested> {
        private final CompletableFuture<Digested> body = new CompletableFuture<>();
        private final MessageDigest sha;
        private long size;

        Digesting() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public CompletionStage<Digested> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                size += b.remaining();
                sha.update(b);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(new Digested(size, HexFormat.of().formatHex(sha.digest())));
        }
    }
}
