package io.appfleet.inventory.importer;

import java.util.List;

import io.appfleet.inventory.device.DeviceRequest;
import io.appfleet.platform.problem.FieldError;

/** One row of an import file: its 1-based number among the data rows, and either a device or why not. */
record ParsedRow(int row, DeviceRequest device, List<FieldError> errors) {
}
