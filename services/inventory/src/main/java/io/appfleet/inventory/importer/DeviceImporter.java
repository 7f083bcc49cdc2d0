package io.appfleet.inventory.importer;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.appfleet.inventory.device.DeviceRequest;
import io.appfleet.inventory.device.DeviceService;
import io.appfleet.inventory.device.DeviceValidator;
import io.appfleet.inventory.importer.ImportReport.RowFailure;
import io.appfleet.platform.problem.FieldError;
import io.appfleet.platform.problem.ProblemException;

/**
 * Bulk import: every row is validated before anything is written. All-or-nothing by default;
 * with {@code partial} the valid rows are written and the others reported. Rows are upserts, so
 * importing the same file twice changes nothing the second time.
 */
@ApplicationScoped
public class DeviceImporter {

    private static final Logger LOG = Logger.getLogger(DeviceImporter.class);

    public enum Format { CSV, YAML, JSON }

    @Inject
    DeviceService devices;

    public ImportReport importFile(Format format, InputStream body, boolean partial) {
        long start = System.nanoTime();
        DeviceFileReader reader = new DeviceFileReader();
        List<ParsedRow> rows = switch (format) {
            case CSV -> reader.csv(body);
            case YAML -> reader.yaml(body);
            case JSON -> reader.json(body);
        };
        if (rows.isEmpty()) {
            throw ProblemException.badRequest("body", "the file holds no devices");
        }
        List<DeviceRequest> valid = new ArrayList<>();
        List<RowFailure> failed = new ArrayList<>();
        Map<String, Integer> firstRowOfId = new HashMap<>();
        for (ParsedRow row : rows) {
            List<FieldError> errors = new ArrayList<>(row.errors());
            DeviceRequest device = null;
            if (row.device() != null) {
                DeviceValidator.Result r = DeviceValidator.validate(row.device());
                errors.addAll(r.errors());
                device = r.device();
                String id = row.device().id();
                if (id != null) {
                    Integer first = firstRowOfId.putIfAbsent(id, row.row());
                    if (first != null) {
                        errors.add(new FieldError("id", "duplicate id '" + id + "', first in row " + first));
                    }
                }
                if (errors.isEmpty() && device.credentials() != null) {
                    try {
                        devices.validOrThrow(device);
                    } catch (ProblemException e) {
                        errors.addAll(e.errors());
                    }
                }
            }
            if (errors.isEmpty()) {
                valid.add(device);
            } else {
                failed.add(new RowFailure(row.row(), row.device() == null ? null : row.device().id(), errors));
            }
        }
        if (!failed.isEmpty() && !partial) {
            throw new ProblemException(400, "Invalid input", failed.size() + " of " + rows.size()
                    + " rows are invalid; nothing was imported (add ?partial=true to import the valid rows)",
                    null, Map.of("accepted", 0, "failed", failed));
        }
        if (valid.isEmpty()) {
            return new ImportReport(0, 0, 0, 0, failed);
        }
        long validated = System.nanoTime();
        int[] counts = devices.upsertAll(valid);
        LOG.infof("import format=%s rows=%d created=%d updated=%d unchanged=%d failed=%d readAndValidateMs=%d writeMs=%d",
                format, rows.size(), counts[0], counts[1], counts[2], failed.size(), (validated - start) / 1_000_000,
                (System.nanoTime() - validated) / 1_000_000);
        return new ImportReport(valid.size(), counts[0], counts[1], counts[2], failed);
    }
}
