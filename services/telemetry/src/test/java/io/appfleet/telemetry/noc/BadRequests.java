package io.appfleet.telemetry.noc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appfleet.platform.problem.FieldError;
import io.appfleet.platform.problem.ProblemException;

/** Asserts a 400 problem naming one parameter with one message. */
public final class BadRequests {

    private BadRequests() {
    }

    public static void assertBad(Runnable call, String field, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errors()).containsExactly(new FieldError(field, message));
        });
    }
}
