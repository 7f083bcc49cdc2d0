package io.appfleet.desired.gitops;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a verified webhook.
 *
 * @param result {@code pong} (200, a ping), {@code accepted} (202, a fetch was asked for) or {@code ignored}
 *        (202, nothing to do; see reason)
 * @param fetch for accepted pushes: {@code queued} (a fetch starts now) or {@code coalesced} (joins a fetch
 *        already queued)
 * @param after the commit the payload claims; informational, the poller reads the branch itself
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookReply(String result, String provider, String event, String delivery, String reason,
        String fetch, String after) {

    static WebhookReply pong(WebhookProvider p, String delivery) {
        return new WebhookReply("pong", p.id, "ping", delivery, null, null, null);
    }

    static WebhookReply ignored(WebhookProvider p, String event, String delivery, String reason) {
        return new WebhookReply("ignored", p.id, event, delivery, reason, null, null);
    }

    static WebhookReply accepted(WebhookProvider p, String event, String delivery, String fetch, String after) {
        return new WebhookReply("accepted", p.id, event, delivery, null, fetch, after);
    }
}
