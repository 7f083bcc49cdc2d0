package io.appfleet.desired.manifest;

import java.util.List;

import io.appfleet.platform.problem.FieldError;
import io.appfleet.platform.problem.ProblemException;

/** A manifest that cannot be accepted: a 400 problem+json naming every bad field by its JSON path. */
public class InvalidManifestException extends ProblemException {

    public InvalidManifestException(List<FieldError> errors) {
        super(400, "Invalid manifest", describe(errors), errors, null);
    }

    public static InvalidManifestException of(String field, String message) {
        return new InvalidManifestException(List.of(new FieldError(field, message)));
    }

    static String describe(List<FieldError> errors) {
        StringBuilder b = new StringBuilder();
        for (FieldError f : errors) {
            if (b.length() > 0) {
                b.append("; ");
            }
            if (b.length() > 2000) {
                b.append("… (").append(errors.size()).append(" errors in all)");
                break;
            }
            b.append(f.field()).append(": ").append(f.message());
        }
        return b.toString();
    }
}
