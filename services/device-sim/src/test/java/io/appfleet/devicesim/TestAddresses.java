package io.appfleet.devicesim;

import java.util.concurrent.ThreadLocalRandom;

/** Random loopback base address and port, so parallel builds on one machine do not collide. */
final class TestAddresses {

    private TestAddresses() {
    }

    static String base() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + (100 + r.nextInt(100)) + "." + r.nextInt(250) + ".1";
    }

    static int port() {
        return 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    }
}
