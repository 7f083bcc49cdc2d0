package io.appfleet.desired.gitops;

import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.appfleet.desired.gitops.GitOpsMetrics.WebhookOutcome;
import io.appfleet.platform.problem.ProblemException;

/**
 * Verifies a push webhook and, when it is for the followed repository and branch, asks the poller for a fetch.
 * The body decides only whether to fetch; what gets applied is always read from git by the poller.
 */
@ApplicationScoped
public class GitWebhookHandler {

    private static final Logger LOG = Logger.getLogger(GitWebhookHandler.class);

    @Inject
    WebhookConfig config;

    @Inject
    GitOps gitops;

    /**
     * @param header the request's header by name (case-insensitive), null when absent
     * @param body the raw body, already bounded by the caller
     */
    public WebhookReply handle(UnaryOperator<String> header, byte[] body) {
        WebhookProvider provider = detect(header);
        String providerId = provider == null ? "unknown" : provider.id;
        try {
            WebhookReply reply = verifiedAndHandled(provider, header, body);
            record(providerId, "pong".equals(reply.result()) ? WebhookOutcome.PING
                    : "accepted".equals(reply.result()) ? WebhookOutcome.ACCEPTED : WebhookOutcome.IGNORED);
            LOG.infof("git webhook %s %s delivery %s: %s%s", providerId, reply.event(), reply.delivery(),
                    reply.result(), reply.reason() == null ? "" : " (" + reply.reason() + ")");
            return reply;
        } catch (ProblemException e) {
            WebhookOutcome outcome = switch (e.status()) {
                case 401 -> WebhookOutcome.UNAUTHORIZED;
                case 404 -> WebhookOutcome.DISABLED;
                case 413 -> WebhookOutcome.TOO_LARGE;
                default -> WebhookOutcome.INVALID;
            };
            record(providerId, outcome);
            // The detail names what was wrong (missing header, mismatch), never a secret or a signature value.
            LOG.warnf("git webhook %s refused with %d: %s", providerId, e.status(), e.getMessage());
            throw e;
        }
    }

    /** Counts a request refused before it reached {@link #handle} (the body was over the limit). */
    public void tooLarge(UnaryOperator<String> header) {
        WebhookProvider provider = detect(header);
        record(provider == null ? "unknown" : provider.id, WebhookOutcome.TOO_LARGE);
    }

    public long maxBody() {
        return config.maxBody().asLongValue();
    }

    private WebhookReply verifiedAndHandled(WebhookProvider provider, UnaryOperator<String> header, byte[] body) {
        Optional<String> secret = config.secret().filter(s -> !s.isEmpty());
        if (secret.isEmpty()) {
            throw new ProblemException(404, "Not found",
                    "the git webhook is not enabled on this service (appfleet.webhook.secret is not set)", null, null);
        }
        if (provider == null) {
            throw ProblemException.badRequest("headers", "not a GitHub, GitLab or Gitea webhook: none of the"
                    + " X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event headers is present");
        }
        verify(provider, header, body, secret.get());

        String event = printable(header.apply(provider.eventHeader));
        String delivery = printable(header.apply(provider.deliveryHeader));
        if (provider.isPing(event)) {
            return WebhookReply.pong(provider, delivery);
        }
        if (!provider.isPush(event)) {
            return WebhookReply.ignored(provider, event, delivery, "only push events trigger a fetch");
        }
        PushEvent push = WebhookPayloads.push(provider,
                WebhookPayloads.document(header.apply("Content-Type"), body));
        Optional<GitPoller> poller = gitops.poller();
        if (poller.isEmpty()) {
            return WebhookReply.ignored(provider, event, delivery,
                    "git polling is not configured on this service (appfleet.git.repository)");
        }
        GitSourceSettings settings = poller.get().settings();
        if (!settings.ref().equals(push.ref())) {
            return WebhookReply.ignored(provider, event, delivery,
                    "push to " + printable(push.ref()) + ", not to the followed " + settings.ref());
        }
        RepositoryMatcher matcher = new RepositoryMatcher(settings.repository(), config.repository());
        if (!matcher.matches(push)) {
            String pushed = push.fullNames().isEmpty() ? (push.urls().isEmpty() ? "?" : push.urls().get(0))
                    : push.fullNames().get(0);
            return WebhookReply.ignored(provider, event, delivery,
                    "push to repository " + printable(pushed) + ", not to the followed " + matcher.expected());
        }
        GitPoller.TriggerResult triggered = poller.get().trigger(provider.id + " webhook");
        if (triggered == GitPoller.TriggerResult.STOPPED) {
            return WebhookReply.ignored(provider, event, delivery, "the poller is stopping");
        }
        return WebhookReply.accepted(provider, event, delivery, triggered.name().toLowerCase(Locale.ROOT),
                push.after() == null ? null : printable(push.after()));
    }

    private static void verify(WebhookProvider provider, UnaryOperator<String> header, byte[] body, String secret) {
        switch (provider) {
            case GITLAB -> {
                String token = header.apply("X-Gitlab-Token");
                if (token == null) {
                    throw unauthorized("missing X-Gitlab-Token header (set the secret token of the GitLab webhook)");
                }
                if (!WebhookSignatures.tokenMatches(secret, token)) {
                    throw unauthorized("X-Gitlab-Token does not match");
                }
            }
            case GITHUB -> checkHmac(WebhookSignatures.githubHex(header.apply("X-Hub-Signature-256")),
                    header.apply("X-Hub-Signature-256") != null, "X-Hub-Signature-256", body, secret);
            case GITEA -> {
                String gitea = header.apply("X-Gitea-Signature");
                if (gitea != null) {
                    checkHmac(gitea.trim(), true, "X-Gitea-Signature", body, secret);
                } else {
                    checkHmac(WebhookSignatures.githubHex(header.apply("X-Hub-Signature-256")),
                            header.apply("X-Hub-Signature-256") != null, "X-Gitea-Signature", body, secret);
                }
            }
            default -> throw new IllegalStateException(provider.name());
        }
    }

    private static void checkHmac(String hex, boolean present, String headerName, byte[] body, String secret) {
        if (!present) {
            throw unauthorized("missing " + headerName + " header (set the secret of the webhook)");
        }
        if (hex == null || !WebhookSignatures.hmacMatches(secret, body, hex)) {
            throw unauthorized(headerName + " does not match the body (an HMAC-SHA256 of the exact body bytes under"
                    + " the shared secret is expected)");
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, null, null);
    }

    private static WebhookProvider detect(UnaryOperator<String> header) {
        for (WebhookProvider p : WebhookProvider.values()) {
            if (header.apply(p.eventHeader) != null) {
                return p;
            }
        }
        return null;
    }

    private void record(String provider, WebhookOutcome outcome) {
        GitOpsMetrics m = gitops.metrics();
        if (m != null) {
            m.webhook(provider, outcome);
        }
    }

    /** At most 120 printable characters of a value taken from an unauthenticated-until-now body. */
    private static String printable(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
