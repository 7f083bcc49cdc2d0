package io.appfleet.devicesim.infix;

/** Reaches the package-private draws of {@link InfixFaults} from tests in other packages. */
public final class InfixFaultsProbe {

    private InfixFaultsProbe() {
    }

    public static boolean drop(InfixFaults f) {
        return f.takeDrop();
    }

    public static boolean installFailure(InfixFaults f, String method) {
        return f.takeInstallFailure(method);
    }
}
