package io.appfleet.platform.problem;

/** One thing wrong with the input, named by its field path (e.g. {@code labels.role} or {@code port}). */
public record FieldError(String field, String message) {
}
