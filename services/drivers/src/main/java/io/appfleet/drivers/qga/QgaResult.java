package io.appfleet.drivers.qga;

import java.util.Optional;

/**
 * The outcome of one command that the agent answered. An error the agent reports is data, not an
 * exception: collectors record "unsupported" and go on with the next command on the same connection.
 */
public sealed interface QgaResult<T> {

    String command();

    /** The value when the agent returned one. */
    Optional<T> value();

    /** The value, or a {@link QgaCommandException} carrying the agent's error. */
    T orElseThrow() throws QgaCommandException;

    record Ok<T>(String command, T result) implements QgaResult<T> {
        @Override
        public Optional<T> value() {
            return Optional.of(result);
        }

        @Override
        public T orElseThrow() {
            return result;
        }
    }

    /**
     * CommandNotFound or CommandDisabled: this agent does not (or may not) do it. {@code errorClass} is the
     * agent's own class; {@link #disabled()} tells "blocked by the operator" from "too old".
     */
    record Unsupported<T>(String command, String errorClass, String desc) implements QgaResult<T> {
        /** Blocked with {@code qemu-ga -b} rather than unknown to this agent version. */
        public boolean disabled() {
            return new QgaError(errorClass, desc).meansDisabled();
        }

        @Override
        public Optional<T> value() {
            return Optional.empty();
        }

        @Override
        public T orElseThrow() throws QgaCommandException {
            throw new QgaCommandException(command, new QgaError(errorClass, desc));
        }
    }

    /** Any other error class (GenericError …): the command exists but failed in the guest. */
    record Failed<T>(String command, QgaError error) implements QgaResult<T> {
        @Override
        public Optional<T> value() {
            return Optional.empty();
        }

        @Override
        public T orElseThrow() throws QgaCommandException {
            throw new QgaCommandException(command, error);
        }
    }

    static <T> QgaResult<T> ofError(String command, QgaError error) {
        return error.meansUnsupported()
                ? new Unsupported<>(command, error.errorClass(), error.desc())
                : new Failed<>(command, error);
    }
}
