package io.appfleet.adapter.reconcile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrlRedactionTest {

    @Test
    void userAndPasswordAreTakenOutOfEveryUrl() {
        assertThat(UrlRedaction.redact("copy https://deploy:s3cr3t@repo.example/a.tar usbflash0:a.tar"))
                .isEqualTo("copy https://***@repo.example/a.tar usbflash0:a.tar");
        assertThat(UrlRedaction.redact("from http://u:p@a/x and ftp://v:q@b/y"))
                .isEqualTo("from http://***@a/x and ftp://***@b/y");
        assertThat(UrlRedaction.redact("https://u:p@ss@repo.example/a.tar")).as("a password holding @")
                .isEqualTo("https://***@repo.example/a.tar");
        assertThat(UrlRedaction.redact("https://token@repo.example")).isEqualTo("https://***@repo.example");
    }

    @Test
    void queriesAreTakenOutBecauseTokensTravelThere() {
        assertThat(UrlRedaction.redact("unrecognised reply to 'copy https://repo.example/a.tar?X-Amz-Signature=abc&t=1 flash:'"))
                .isEqualTo("unrecognised reply to 'copy https://repo.example/a.tar?*** flash:'");
        assertThat(UrlRedaction.redact("PUT container https://u:p@repo.example/img.tar?token=t0k3n"))
                .isEqualTo("PUT container https://***@repo.example/img.tar?***");
    }

    @Test
    void textWithoutCredentialsIsLeftAlone() {
        for (String text : new String[] {"https://repo.example/a.tar", "usbflash0:iperf.tar", "mail admin@example.com",
                "docker://nginx:alpine", "", "Invalid 'stop' request. iperf is in DEPLOYED"}) {
            assertThat(UrlRedaction.redact(text)).isEqualTo(text);
        }
        assertThat(UrlRedaction.redact(null)).isNull();
    }
}
