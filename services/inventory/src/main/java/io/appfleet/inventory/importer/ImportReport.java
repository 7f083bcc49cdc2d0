package io.appfleet.inventory.importer;

import java.util.List;

import io.appfleet.platform.problem.FieldError;

/**
 * What an import did. {@code row} numbers count data rows from 1 (the CSV header is not a row;
 * in YAML or JSON, the position in the device list).
 */
public record ImportReport(int accepted, int created, int updated, int unchanged, List<RowFailure> failed) {

    public record RowFailure(int row, String id, List<FieldError> errors) {
    }
}
