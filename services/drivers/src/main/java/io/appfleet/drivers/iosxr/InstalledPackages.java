package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `show appmgr packages installed`: a "Package" header, dashes, then one RPM name per line. */
public record InstalledPackages(List<Package> packages) {

    /**
     * {@code fullName} is what `appmgr package uninstall package` wants back; name, version,
     * release and arch are its RPM parts (e.g. release "eXR_7.3.1" tells eXR from ThinXR builds),
     * null when the name is not in name-version-release.arch form.
     */
    public record Package(String fullName, String name, String version, String release, String arch) {
    }

    /** RPM N-V-R.A: name may contain dashes, version and release may not. */
    private static final Pattern NVRA = Pattern.compile("^(.+)-([^-]+)-([^-]+)\\.([A-Za-z0-9_]+)$");

    public static InstalledPackages parse(String output) {
        List<Line> lines = XrOutput.nonEmptyContent(output, "package list");
        Line header = lines.get(0);
        if (!header.text().trim().equals("Package")) {
            throw new ParseException("expected the 'Package' header", header.number(), header.text());
        }
        List<Package> packages = new ArrayList<>();
        for (Line l : lines.subList(1, lines.size())) {
            String text = l.text().trim();
            if (text.matches("^-+$")) {
                continue;
            }
            if (text.contains(" ")) {
                throw new ParseException("not a package name", l.number(), l.text());
            }
            Matcher m = NVRA.matcher(text);
            packages.add(m.matches()
                    ? new Package(text, m.group(1), m.group(2), m.group(3), m.group(4))
                    : new Package(text, null, null, null, null));
        }
        return new InstalledPackages(List.copyOf(packages));
    }
}
