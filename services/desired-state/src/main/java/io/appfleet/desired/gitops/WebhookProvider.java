package io.appfleet.desired.gitops;

/** The git hosts whose push webhooks are understood, recognized by their event header. */
enum WebhookProvider {
    // Gitea also sends X-GitHub-Event (and X-Gogs-Event) for compatibility: it must be recognized first.
    GITEA("gitea", "X-Gitea-Event", "X-Gitea-Delivery"),
    GITLAB("gitlab", "X-Gitlab-Event", "X-Gitlab-Event-UUID"),
    GITHUB("github", "X-GitHub-Event", "X-GitHub-Delivery");

    final String id;
    final String eventHeader;
    final String deliveryHeader;

    WebhookProvider(String id, String eventHeader, String deliveryHeader) {
        this.id = id;
        this.eventHeader = eventHeader;
        this.deliveryHeader = deliveryHeader;
    }

    boolean isPush(String event) {
        return this == GITLAB ? "Push Hook".equals(event) : "push".equals(event);
    }

    boolean isPing(String event) {
        return "ping".equals(event);
    }
}
