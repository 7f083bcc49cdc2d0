package io.appfleet.devicesim;

/**
 * Probabilistic faults: the chance, from 0 to 1, that one command (SSH) or request (RESTCONF)
 * meets the fault. {@code dropSessionRate}: the connection is cut after the command ran;
 * {@code stallRate}: no reply, the session stays open; {@code wrongStateRate}: a lifecycle verb
 * is refused as if the app were in another state (IOS-XE, IOS-XR); {@code installFailureRate}:
 * an install (IOS-XE, IOS-XR) or a container config write (Infix) fails; {@code crashRate}: one
 * running app or container stops on its own before the command is answered (drift).
 */
public record FaultRates(double dropSessionRate, double stallRate, double wrongStateRate, double installFailureRate,
                         double crashRate) {

    public static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0);

    public FaultRates {
        check("dropSessionRate", dropSessionRate);
        check("stallRate", stallRate);
        check("wrongStateRate", wrongStateRate);
        check("installFailureRate", installFailureRate);
        check("crashRate", crashRate);
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
        }
    }

    public boolean any() {
        return dropSessionRate > 0 || stallRate > 0 || wrongStateRate > 0 || installFailureRate > 0 || crashRate > 0;
    }
}
