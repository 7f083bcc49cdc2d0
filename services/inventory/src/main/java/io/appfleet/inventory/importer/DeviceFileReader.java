package io.appfleet.inventory.importer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.appfleet.inventory.device.DeviceRequest;
import io.appfleet.inventory.device.DeviceRequest.CapacityDto;
import io.appfleet.platform.problem.FieldError;
import io.appfleet.platform.problem.JsonBodies;
import io.appfleet.platform.problem.ProblemException;

import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads an import file (CSV, YAML or JSON) into rows. A file that cannot be read as a whole
 * (broken quoting, bad YAML, unknown CSV column) is refused with the line; a row whose values do
 * not fit (a port that is not a number, an unknown field) becomes a row error, so the report can
 * name every bad row at once.
 */
final class DeviceFileReader {

    /** CSV columns: the device fields that fit in one cell. Labels are {@code key=value;key=value}. */
    static final Set<String> CSV_COLUMNS = Set.of("id", "platform", "osVersion", "host", "port", "transport", "site",
            "labels", "cpuUnits", "memoryMib", "storageMib", "adminState", "credentialsRef", "sshHostKeyFingerprint");

    private static final CsvMapper CSV = new CsvMapper();
    private static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        // The default 3 MB limit is below a 10,000-device file; the HTTP body cap bounds it instead.
        options.setCodePointLimit(64 * 1024 * 1024);
        options.setMaxAliasesForCollections(20);
        YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    private final ObjectMapper json = JsonBodies.strictMapper();

    List<ParsedRow> csv(InputStream in) {
        List<ParsedRow> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader().withStrictHeaders(false)).readValues(in)) {
            CsvSchema schema = (CsvSchema) it.getParser().getSchema();
            checkColumns(schema);
            int row = 0;
            while (it.hasNextValue()) {
                Map<String, String> cells = it.nextValue();
                row++;
                rows.add(csvRow(row, cells));
            }
        } catch (JsonProcessingException e) {
            throw malformed("CSV", e);
        } catch (IOException e) {
            throw ProblemException.badRequest("body", "cannot read the CSV body: " + e.getMessage());
        }
        return rows;
    }

    List<ParsedRow> yaml(InputStream in) {
        try {
            return tree(YAML.readTree(in));
        } catch (JsonProcessingException e) {
            throw malformed("YAML", e);
        } catch (IOException e) {
            throw ProblemException.badRequest("body", "cannot read the YAML body: " + e.getMessage());
        }
    }

    List<ParsedRow> json(InputStream in) {
        try {
            return tree(json.readTree(in));
        } catch (JsonProcessingException e) {
            throw malformed("JSON", e);
        } catch (IOException e) {
            throw ProblemException.badRequest("body", "cannot read the JSON body: " + e.getMessage());
        }
    }

    private List<ParsedRow> tree(JsonNode root) {
        JsonNode list = root == null ? null : root.isArray() ? root : root.get("devices");
        if (list == null || !list.isArray()) {
            throw ProblemException.badRequest("devices", "expected a list of devices, or an object with a 'devices' list");
        }
        List<ParsedRow> rows = new ArrayList<>();
        int row = 0;
        for (JsonNode item : list) {
            row++;
            try {
                rows.add(new ParsedRow(row, json.treeToValue(item, DeviceRequest.class), List.of()));
            } catch (JsonProcessingException e) {
                rows.add(new ParsedRow(row, null, List.of(JsonBodies.fieldError(e, "device"))));
            }
        }
        return rows;
    }

    private static void checkColumns(CsvSchema schema) {
        List<String> unknown = new ArrayList<>();
        boolean hasId = false;
        for (CsvSchema.Column c : schema) {
            hasId |= c.getName().equals("id");
            if (!CSV_COLUMNS.contains(c.getName())) {
                unknown.add(c.getName());
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.badRequest("header", "unknown column(s) " + String.join(", ", unknown)
                    + "; known: " + String.join(", ", CSV_COLUMNS.stream().sorted().toList()));
        }
        if (!hasId) {
            throw ProblemException.badRequest("header", "the first line must name the columns, including 'id'");
        }
    }

    private static ParsedRow csvRow(int row, Map<String, String> cells) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> labels = labels(cells.get("labels"), errors);
        DeviceRequest d = new DeviceRequest(
                blank(cells.get("id")), blank(cells.get("platform")), blank(cells.get("osVersion")),
                blank(cells.get("host")), integer(cells, "port", errors), blank(cells.get("transport")),
                blank(cells.get("credentialsRef")), null, labels, blank(cells.get("site")),
                new CapacityDto(integer(cells, "cpuUnits", errors), integer(cells, "memoryMib", errors),
                        integer(cells, "storageMib", errors)),
                blank(cells.get("adminState")), blank(cells.get("sshHostKeyFingerprint")), null);
        return new ParsedRow(row, d, errors);
    }

    private static Map<String, String> labels(String cell, List<FieldError> errors) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (cell == null || cell.isBlank()) {
            return labels;
        }
        for (String pair : cell.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                errors.add(new FieldError("labels", "expected key=value pairs separated by ';', got '" + pair.trim() + "'"));
                continue;
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return labels;
    }

    private static Integer integer(Map<String, String> cells, String column, List<FieldError> errors) {
        String v = blank(cells.get(column));
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(column.equals("port") ? "port" : "capacity." + column, "'" + v + "' is not a whole number"));
            return null;
        }
    }

    private static String blank(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static ProblemException malformed(String format, JsonProcessingException e) {
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        String where = line > 0 ? " at line " + line : "";
        return ProblemException.badRequest("body", "malformed " + format + where + ": " + e.getOriginalMessage().split("\n")[0]);
    }
}
