package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.iosxe.AppDetails.AttachedDevice;
import io.appfleet.drivers.iosxe.AppDetails.Health;
import io.appfleet.drivers.iosxe.AppDetails.PortForward;
import io.appfleet.drivers.iosxe.AppDetails.ResourceProfile;
import io.appfleet.drivers.iosxe.AppDetails.Resources;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.appfleet.drivers.iosxe.IosxeOutput.emptyToNull;

/** One app of a detail listing while its lines are still being read. */
final class AppDraft {

    /**
     * "Docker" is a title over "------" and "Run-time information" (Command, Entry-point, Run
     * options in use, Package run options) in public 17.x captures of docker apps.
     */
    static final Set<String> KNOWN_SECTIONS = Set.of("Application", "Resource reservation", "Platform resource profiles",
            "Attached devices", "Network interfaces", "Application health information", "Port forwarding", "Docker",
            "Run-time information");

    private final Line firstLine;
    String appId;
    String owner;
    String state;
    private String packageName;
    private String version;
    private String type;
    private String description;
    private String author;
    private String packagePath;
    private String urlPath;
    private String activatedProfile;
    private Long memoryMb;
    private Long diskMb;
    private Long cpuUnits;
    private Long cpuPercent;
    private Long vcpu;
    private String healthStatus;
    private String lastProbeError;
    private String lastProbeOutput;
    private boolean hasHealth;
    final List<ResourceProfile> profiles = new ArrayList<>();
    final List<AttachedDevice> devices = new ArrayList<>();
    final List<InterfaceDraft> interfaces = new ArrayList<>();
    final List<PortForward> ports = new ArrayList<>();
    final Map<String, String> other = new LinkedHashMap<>();

    AppDraft(Line firstLine) {
        this.firstLine = firstLine;
    }

    void set(String key, String value, Line l) {
        String v = emptyToNull(value);
        switch (key) {
            case "App id" -> appId = v;
            case "Owner" -> owner = v;
            case "State" -> state = v;
            case "Author" -> author = v;
            case "Activated profile name" -> activatedProfile = v;
            default -> throw new ParseException("unexpected field " + key, l.number(), l.text());
        }
    }

    void section(String section, String key, String value, Line l) {
        String v = emptyToNull(value);
        boolean known = switch (section) {
            case "Application" -> application(key, v);
            case "Resource reservation" -> resource(key, v, l);
            case "Network interfaces" -> networkInterface(key, v, l);
            case "Application health information" -> health(key, v);
            default -> false;
        };
        if (!known) {
            String where = section.equals("Network interfaces") ? section + "/" + interfaces.get(interfaces.size() - 1).name() : section;
            other.put(where + "/" + key, v == null ? "" : v);
        }
    }

    private boolean application(String key, String v) {
        switch (key) {
            case "App id" -> appId = v;
            case "Type" -> type = v;
            case "Name" -> packageName = v;
            case "Version" -> version = v;
            case "Description" -> description = v;
            case "Author" -> author = v;
            case "Path" -> packagePath = v;
            case "URL Path" -> urlPath = v;
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean resource(String key, String v, Line l) {
        if (v == null) {
            return false;
        }
        switch (key) {
            case "Memory" -> memoryMb = Quantity.parse(v, l).whole("MB", l);
            case "Disk" -> diskMb = Quantity.parse(v, l).whole("MB", l);
            case "CPU" -> cpuUnits = Quantity.parse(v, l).whole("units", l);
            case "CPU-percent" -> cpuPercent = Quantity.parse(v, l).whole("%", l);
            case "VCPU" -> vcpu = Quantity.parse(v, l).whole("", l);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean networkInterface(String key, String v, Line l) {
        if (interfaces.isEmpty()) {
            throw new ParseException("interface field before any 'ethN:' line", l.number(), l.text());
        }
        return interfaces.get(interfaces.size() - 1).set(key, v);
    }

    private boolean health(String key, String v) {
        hasHealth = true;
        switch (key) {
            case "Status" -> healthStatus = v;
            case "Last probe error" -> lastProbeError = v;
            case "Last probe output" -> lastProbeOutput = v;
            default -> {
                return false;
            }
        }
        return true;
    }

    AppDetails.App build() {
        if (appId == null || state == null) {
            throw new ParseException("app without " + (appId == null ? "'App id'" : "'State'"), firstLine.number(), firstLine.text());
        }
        Resources resources = new Resources(memoryMb, diskMb, cpuUnits, cpuPercent, vcpu);
        Health health = hasHealth ? new Health(healthStatus, lastProbeError, lastProbeOutput) : null;
        return new AppDetails.App(appId, owner, state, packageName, version, type, description, author, packagePath,
                urlPath, activatedProfile, resources, List.copyOf(profiles), List.copyOf(devices),
                interfaces.stream().map(InterfaceDraft::build).toList(), health, List.copyOf(ports),
                Collections.unmodifiableMap(new LinkedHashMap<>(other)));
    }
}
