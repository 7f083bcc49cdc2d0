package io.appfleet.drivers;

import io.appfleet.drivers.infix.InfixParsers;
import io.appfleet.drivers.iosxe.IosxeParsers;
import io.appfleet.drivers.iosxr.IosxrParsers;
import io.appfleet.drivers.qga.QgaParsers;

/** The parser of any platform's output by platform name, for tools such as {@code fleetctl parse}. */
public final class DeviceOutputParsers {

    private DeviceOutputParsers() {
    }

    /**
     * @throws IllegalArgumentException for an unknown platform or command
     * @throws io.appfleet.drivers.parse.ParseException when the output cannot be read
     */
    public static Object parse(String platform, String command, String output) {
        return switch (platform) {
            case "iosxe" -> IosxeParsers.parse(command, output);
            case "iosxr" -> IosxrParsers.parse(command, output);
            case "infix" -> InfixParsers.parse(command, output);
            case "qga" -> QgaParsers.parse(command, output);
            default -> throw new IllegalArgumentException("unknown platform '" + platform
                    + "'; expected iosxe, iosxr, infix or qga");
        };
    }
}
