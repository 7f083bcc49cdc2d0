package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IosxrParsersTest {

    @Test
    void installedPackagesSplitsRpmNames() {
        InstalledPackages p = (InstalledPackages) IosxrParsers.parse("show appmgr packages installed",
                Fixtures.text("iosxr-show-appmgr-packages-installed-1.txt"));
        assertThat(p.packages()).containsExactly(new InstalledPackages.Package(
                "xr-collector-health-monitor-1.3.2-eXR_7.3.1.x86_64", "xr-collector-health-monitor", "1.3.2",
                "eXR_7.3.1", "x86_64"));
    }

    @Test
    void installedPackagesGarbage() {
        assertThatThrownBy(() -> InstalledPackages.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> InstalledPackages.parse("Thu Jul 14 20:54:03.996 UTC\nNo packages here\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> InstalledPackages.parse("Package\n-----\nnot a package\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 3");
    }

    @Test
    void unknownCommandIsAnIllegalArgument() {
        assertThatThrownBy(() -> IosxrParsers.parse("show running-config", "whatever"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IosxrParsers.parse(null, "whatever")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryWithoutAppNameIsDispatched() {
        Object o = IosxrParsers.parse("show appmgr application info summary",
                Fixtures.text("iosxr-show-appmgr-application-info-summary-1.txt"));
        assertThat(o).isInstanceOf(ApplicationInfo.class);
    }
}
