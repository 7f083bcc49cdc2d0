package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplicationInfoTest {

    @Test
    void detailHasTheDockerInformationBlock() {
        ApplicationInfo info = (ApplicationInfo) IosxrParsers.parse(
                "show appmgr application name xrv9k_aws_ha info detail ",
                Fixtures.text("iosxr-show-appmgr-application-info-detail-1.txt"));
        assertThat(info.apps()).hasSize(1);
        ApplicationInfo.App a = info.apps().get(0);
        assertThat(a.appId()).isEqualTo("xrv9k_aws_ha");
        assertThat(a.type()).isEqualTo("Docker");
        assertThat(a.source()).isEqualTo("xrv9k_aws_ha");
        assertThat(a.configState()).isEqualTo("Activated");
        assertThat(a.containerId()).isEqualTo("ff9508c510d41c46818f09d423a5f8f5c3e97ed3f212e6db3a56c8024f2e3bc5");
        assertThat(a.containerName()).isEqualTo("xrv9k_aws_ha");
        assertThat(a.image()).isEqualTo("akshshar/xrv9k-aws-ha:latest");
        assertThat(a.command()).isEqualTo("/usr/local/bin/python3 /root/.local/bin/supervisord -c /etc/supervisord.conf -n");
        assertThat(a.createdAt()).isEqualTo("2021-07-06 11:46:28 +0000 UTC");
        assertThat(a.runningFor()).isEqualTo("About an hour ago");
        assertThat(a.status()).isEqualTo("Up About an hour");
        assertThat(a.running()).isTrue();
        assertThat(a.size()).isEqualTo("4.98MB (virtual 314MB)");
        assertThat(a.labels()).isNull();
        assertThat(a.ports()).isNull();
        assertThat(a.mounts()).containsExactly("/misc/app_host/appmgr/config/xrv9k_aws_ha/config.json",
                "/misc/app_host/appmgr/config/xrv9k_aws_ha/hosts");
        assertThat(a.networks()).isEqualTo("host");
        assertThat(a.localVolumes()).isZero();
        assertThat(a.other()).isEmpty();
    }

    @Test
    void summaryHasFewerFields() {
        ApplicationInfo info = (ApplicationInfo) IosxrParsers.parse(
                "show appmgr application name bgpfs2acl info summary",
                Fixtures.text("iosxr-show-appmgr-application-info-summary-1.txt"));
        ApplicationInfo.App a = info.apps().get(0);
        assertThat(a.appId()).isEqualTo("bgpfs2acl");
        assertThat(a.containerId()).startsWith("0cc5f748fb3d");
        assertThat(a.image()).isEqualTo("bgpfs2acl:latest");
        assertThat(a.status()).isEqualTo("Up 43 seconds");
        assertThat(a.running()).isTrue();
        assertThat(a.createdAt()).isNull();
        assertThat(a.mounts()).isEmpty();
        assertThat(a.command()).contains("--router-port 57777");
    }

    @Test
    void unknownKeysAreKeptAndSeveralAppsSplit() {
        String two = "Application: a\n  Type: Docker\n  Docker Run Opts: --network host\n  Restart: always\n"
                + "Application: b\n  Type: Native\n";
        ApplicationInfo info = ApplicationInfo.parse(two);
        assertThat(info.apps()).extracting(ApplicationInfo.App::appId).containsExactly("a", "b");
        assertThat(info.apps().get(0).dockerRunOpts()).isEqualTo("--network host");
        assertThat(info.apps().get(0).other()).containsEntry("Restart", "always");
        assertThat(info.apps().get(1).status()).isNull();
    }

    @Test
    void garbageAndEmptyFail() {
        assertThatThrownBy(() -> ApplicationInfo.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> ApplicationInfo.parse("Wed Aug 31 13:26:00.090 PDT\n  Type: Docker\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> ApplicationInfo.parse("Application: a\n  garbage here\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> ApplicationInfo.parse("Application: a\n  Status: Sleeping\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
    }
}
