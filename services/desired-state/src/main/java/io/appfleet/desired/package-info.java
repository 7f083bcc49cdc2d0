/**
 * desired-state: turns {@code AppDeployment} manifests (REST, GitOps webhook, git poll) into the full desired
 * app set of every targeted device and publishes it on {@code fleet.desired.v1}, wave by wave. Packages by
 * feature: {@code manifest} (schema, parsing, validation), {@code deployment} (revisions, REST), {@code targeting}
 * (inventory view, selectors, admission), {@code devicestate} (the full desired state per device, its
 * generation and publication), {@code rollout} (waves, health gates, rollback), {@code gitops} (webhook, git
 * poller).
 */
package io.appfleet.desired;
