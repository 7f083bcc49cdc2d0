package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code verify /sha256} and {@code copy <url>} replies, as the driver and {@code fleetctl parse} read them. */
class PackageReplyParsersTest {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String VERIFY = "verify /sha256 usbflash0:iperf.tar";
    static final String COPY = "copy http://10.0.0.9:8080/iperf.tar usbflash0:iperf.tar";

    @Test
    void verifyReadsTheDigestAfterTheProgressDots() {
        VerifyReply r = VerifyReplyParser.parse(VERIFY, "........................................Done!\r\n"
                + "verify /sha256 (usbflash0:iperf.tar) = " + SHA.toUpperCase() + "\r\n");
        assertThat(r).isEqualTo(new VerifyReply(VerifyReply.Outcome.DIGEST, "usbflash0:iperf.tar", SHA,
                "verify /sha256 (usbflash0:iperf.tar) = " + SHA.toUpperCase()));
        VerifyReply sameLine = VerifyReplyParser.parse(VERIFY, "..........verify /sha256 (usbflash0:iperf.tar) = " + SHA);
        assertThat(sameLine.sha256()).isEqualTo(SHA);
    }

    @Test
    void verifyOfAMissingFileAndOtherErrors() {
        VerifyReply missing = VerifyReplyParser.parse(VERIFY, "%Error opening usbflash0:iperf.tar (No such file or directory)");
        assertThat(missing.outcome()).isEqualTo(VerifyReply.Outcome.MISSING);
        assertThat(missing.path()).isEqualTo("usbflash0:iperf.tar");
        VerifyReply other = VerifyReplyParser.parse(VERIFY, "%Error opening usbflash0:iperf.tar (Permission denied)");
        assertThat(other.outcome()).isEqualTo(VerifyReply.Outcome.ERROR);
        assertThat(other.message()).isEqualTo("%Error opening usbflash0:iperf.tar (Permission denied)");
        VerifyReply invalid = VerifyReplyParser.parse(VERIFY, "              ^\n% Invalid input detected at '^' marker.");
        assertThat(invalid.outcome()).isEqualTo(VerifyReply.Outcome.ERROR);
        assertThatThrownBy(() -> VerifyReplyParser.parse(VERIFY, "..........Done!")).isInstanceOf(ParseException.class)
                .hasMessageContaining(VERIFY);
        assertThatThrownBy(() -> VerifyReplyParser.parse(VERIFY, "verify /sha256 (usbflash0:iperf.tar) = abc"))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void copyReadsTheByteCountAfterTheQuestions() {
        CopyReply r = CopyReplyParser.parse(COPY, String.join("\r\n",
                "Destination filename [iperf.tar]? ",
                "%Warning:There is a file already existing with this name",
                "Do you want to over write? [confirm]",
                "Accessing http://10.0.0.9:8080/iperf.tar...",
                "Loading http://10.0.0.9:8080/iperf.tar !!!!!!!!",
                "",
                "24117248 bytes copied in 3.125 secs (7717519 bytes/sec)"));
        assertThat(r.outcome()).isEqualTo(CopyReply.Outcome.COPIED);
        assertThat(r.bytesCopied()).isEqualTo(24117248L);
        assertThat(r.message()).isEqualTo("24117248 bytes copied in 3.125 secs (7717519 bytes/sec)");
    }

    @Test
    void copyErrorsAreTypedAndKeepTheDeviceText() {
        CopyReply full = CopyReplyParser.parse(COPY, "Destination filename [iperf.tar]? \nAccessing http://10.0.0.9:8080/iperf.tar...\n"
                + "Loading http://10.0.0.9:8080/iperf.tar !!!\n%Error copying http://10.0.0.9:8080/iperf.tar (No space left on device)");
        assertThat(full.outcome()).isEqualTo(CopyReply.Outcome.NO_SPACE);
        assertThat(full.message()).isEqualTo("%Error copying http://10.0.0.9:8080/iperf.tar (No space left on device)");
        CopyReply notFound = CopyReplyParser.parse(COPY, "Destination filename [iperf.tar]? \n"
                + "%Error opening http://10.0.0.9:8080/iperf.tar (No such file or directory)");
        assertThat(notFound.outcome()).isEqualTo(CopyReply.Outcome.SOURCE_NOT_FOUND);
        CopyReply other = CopyReplyParser.parse(COPY, "%Error opening http://10.0.0.9:8080/iperf.tar (Timed out)");
        assertThat(other.outcome()).isEqualTo(CopyReply.Outcome.ERROR);
        // An error wins over a byte count printed before it.
        assertThat(CopyReplyParser.parse(COPY, "10 bytes copied in 0.1 secs (100 bytes/sec)\n%Error closing usbflash0:iperf.tar (I/O error)")
                .outcome()).isEqualTo(CopyReply.Outcome.ERROR);
        assertThatThrownBy(() -> CopyReplyParser.parse(COPY, "Accessing http://10.0.0.9:8080/iperf.tar...")).isInstanceOf(ParseException.class);
    }

    @Test
    void bothAreReachableThroughIosxeParsers() {
        assertThat(IosxeParsers.parse("verify  /sha256 usbflash0:iperf.tar", "verify /sha256 (usbflash0:iperf.tar) = " + SHA))
                .isInstanceOf(VerifyReply.class);
        assertThat(IosxeParsers.parse(COPY, "5 bytes copied in 0.001 secs (5000 bytes/sec)")).isInstanceOf(CopyReply.class);
    }
}
