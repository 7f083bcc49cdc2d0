package io.appfleet.devicesim.iosxe;

import io.appfleet.devicesim.Faults;
import io.appfleet.devicesim.PackageServer;
import io.appfleet.drivers.iosxe.CopyReply;
import io.appfleet.drivers.iosxe.IosxeParsers;
import io.appfleet.drivers.iosxe.LifecycleReply;
import io.appfleet.drivers.iosxe.VerifyReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The flash file system and the file commands, without SSH; every reply read by the product's parsers. */
class FileCommandsTest {

    private static PackageServer http;
    private static PackageServer.Package pkg;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final IosxeDevice device = new IosxeDevice(IosxePlatform.of("17.9.4"), 0, new Faults(), clock::get);
    private final IosxeCli cli = new IosxeCli("sw1", device);

    @BeforeAll
    static void serve() throws Exception {
        http = new PackageServer();
        pkg = http.add("/pkgs/iperf.tar", 200_000, 7);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    /** Runs a line and answers its questions in order (Enter once the answers run out); returns everything printed. */
    private String run(String line, String... answers) {
        IosxeCli.Result r = cli.handle(line);
        StringBuilder out = new StringBuilder(r.output());
        int i = 0;
        while (r.question() != null) {
            String answer = i < answers.length ? answers[i++] : "";
            out.append(r.question()).append(answer).append('\n');
            r = r.onAnswer().apply(answer);
            out.append(r.output());
        }
        return out.toString();
    }

    private String copy(String... answers) {
        return run("copy " + http.url(pkg.path()) + " usbflash0:iperf.tar", answers);
    }

    @Test
    void copyFetchesOverHttpAndStoresSizeAndDigestOnly() {
        long freeBefore = device.flash().freeBytes("usbflash0");
        String out = copy();
        assertThat(out).startsWith("Destination filename [iperf.tar]? \n")
                .contains("Accessing " + http.url(pkg.path()) + "...", "Loading " + http.url(pkg.path()) + " !!!")
                .containsPattern("200000 bytes copied in [\\d.]+ secs \\(\\d+ bytes/sec\\)");
        CopyReply c = (CopyReply) IosxeParsers.parse("copy " + http.url(pkg.path()) + " usbflash0:iperf.tar", out);
        assertThat(c.bytesCopied()).isEqualTo(200_000);
        assertThat(device.flash().freeBytes("usbflash0")).isEqualTo(freeBefore - 200_000);
        assertThat(device.flash().file(Flash.Path.parse("usbflash0:iperf.tar")).orElseThrow().sha256()).isEqualTo(pkg.sha256());

        VerifyReply v = (VerifyReply) IosxeParsers.parse("verify /sha256 usbflash0:iperf.tar", run("verify /sha256 usbflash0:iperf.tar"));
        assertThat(v.sha256()).isEqualTo(pkg.sha256());
        assertThat(run("dir usbflash0:")).startsWith("Directory of usbflash0:/\n\n")
                .containsPattern("-rw- +200000 +\\w{3} \\d+ \\d{4} \\d\\d:\\d\\d:\\d\\d \\+00:00  iperf.tar")
                .contains(" bytes free)");

        // Again: the file exists, so IOS warns and asks before overwriting; Enter confirms.
        String again = copy();
        assertThat(again).contains("%Warning:There is a file already existing with this name\nDo you want to over write? [confirm]")
                .contains("200000 bytes copied");
        assertThat(device.flash().freeBytes("usbflash0")).isEqualTo(freeBefore - 200_000);
        // Declined: nothing fetched.
        int gets = http.gets(pkg.path());
        assertThat(copy("", "n")).doesNotContain("Accessing");
        assertThat(http.gets(pkg.path())).isEqualTo(gets);
        // Another destination name given at the question: a second file.
        assertThat(copy("iperf-copy.tar")).contains("200000 bytes copied");
        assertThat(device.flash().file(Flash.Path.parse("usbflash0:iperf-copy.tar"))).isPresent();
    }

    @Test
    void fullDiskFailsTheCopyAndLeavesNoFile() {
        device.storageFreeBytes(1000);
        String out = copy();
        assertThat(out).contains("%Error copying " + http.url(pkg.path()) + " (No space left on device)");
        assertThat(((CopyReply) IosxeParsers.parse("copy " + http.url(pkg.path()) + " usbflash0:iperf.tar", out)).outcome())
                .isEqualTo(CopyReply.Outcome.NO_SPACE);
        assertThat(device.flash().file(Flash.Path.parse("usbflash0:iperf.tar"))).isEmpty();
        assertThat(device.flash().freeBytes("usbflash0")).isEqualTo(1000);
        device.storageFreeBytes(1_000_000);
        assertThat(copy()).contains("200000 bytes copied");
        assertThat(device.flash().freeBytes("usbflash0")).isEqualTo(800_000);
    }

    @Test
    void missingSourceAndMissingFileAreIosErrors() {
        String out = run("copy " + http.url("/nope.tar") + " usbflash0:nope.tar");
        assertThat(out).contains("%Error opening " + http.url("/nope.tar") + " (No such file or directory)");
        assertThat(device.flash().file(Flash.Path.parse("usbflash0:nope.tar"))).isEmpty();
        assertThat(run("verify /sha256 usbflash0:nope.tar")).isEqualTo("%Error opening usbflash0:nope.tar (No such file or directory)\n");
        assertThat(run("delete /force usbflash0:nope.tar")).contains("No such file or directory");
    }

    @Test
    void deleteFreesTheSpaceWithOrWithoutForce() {
        long free = device.flash().freeBytes("usbflash0");
        copy();
        assertThat(run("delete /force usbflash0:iperf.tar")).isEmpty();
        assertThat(device.flash().freeBytes("usbflash0")).isEqualTo(free);
        copy();
        assertThat(run("delete usbflash0:iperf.tar")).contains("Delete filename [iperf.tar]? ", "Delete usbflash0:/iperf.tar? [confirm]");
        assertThat(device.flash().file(Flash.Path.parse("usbflash0:iperf.tar"))).isEmpty();
    }

    @Test
    void installNeedsThePackageOnFlashWhenRequired() {
        assertThat(run("app-hosting install appid iperf package usbflash0:iperf.tar")).startsWith("Installing package");
        run("app-hosting uninstall appid iperf");
        device.requireStagedPackages(true);
        String refused = run("app-hosting install appid iperf2 package usbflash0:iperf.tar");
        assertThat(refused).isEqualTo("% Error: Package file usbflash0:iperf.tar does not exist\n");
        assertThat(((LifecycleReply) IosxeParsers.parse("app-hosting install appid iperf2 package usbflash0:iperf.tar", refused))
                .outcome()).isIn(LifecycleReply.Outcome.REJECTED, LifecycleReply.Outcome.ERROR);
        copy();
        assertThat(run("app-hosting install appid iperf2 package usbflash0:iperf.tar")).startsWith("Installing package");
    }
}
