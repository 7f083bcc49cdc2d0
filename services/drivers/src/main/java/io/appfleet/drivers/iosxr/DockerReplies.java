package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.iosxr.DockerReply.Outcome;
import io.appfleet.drivers.parse.OutputLines.Line;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads docker's replies to lifecycle commands. Success prints free-form progress ("latest:
 * Pulling from library/ubuntu", "Status: Downloaded newer image for ubuntu:latest", a container
 * id, the container's name), so only error lines are recognised and everything else counts as
 * progress. The error wordings are docker's own (they vary a little by release: with or without
 * "Error response from daemon: " or "docker: " in front); the first error line decides.
 */
public final class DockerReplies {

    private record Rule(Outcome outcome, Pattern pattern) {
        Rule(Outcome outcome, String regex) {
            this(outcome, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
        }
    }

    private static final List<Rule> RULES = List.of(
            // inspect: "No such image or container: x" (docker 1.10–1.12), "No such object: x" (1.13).
            new Rule(Outcome.NO_SUCH_CONTAINER, "no such container|no such image or container|no such object"),
            new Rule(Outcome.NAME_IN_USE, "conflict\\. the container name \\S+ is already in use"),
            new Rule(Outcome.NO_SUCH_IMAGE, "no such image|image \\S+ not found|repository \\S+ not found"
                    + "|manifest for \\S+ not found|manifest unknown|pull access denied"),
            new Rule(Outcome.ERROR, "^docker: |^error|^cannot connect to the docker daemon|command not found"
                    + "|^see 'docker \\S+ --help'|^bash: "));

    private DockerReplies() {
    }

    /** The reply to one docker command; prompts, echoes and blank lines are not judged. */
    public static DockerReply parse(String output) {
        for (Line l : XrOutput.content(output == null ? "" : output)) {
            String text = l.text().strip();
            for (Rule r : RULES) {
                if (r.pattern.matcher(text).find()) {
                    return new DockerReply(r.outcome, text);
                }
            }
        }
        return new DockerReply(Outcome.OK, null);
    }
}
