package io.appfleet.drivers.iosxe;

import java.util.List;
import java.util.Map;

/** {@code show app-hosting infra}. {@code cafHealth} only exists on newer releases. */
public record AppHostingInfra(String ioxVersion, String appSignatureVerification, String cafHealth,
                              String internalWorkingDirectory, List<AppGigPort> interfaceMapping, CpuQuota cpu,
                              Map<String, String> other) {

    /** A front-panel-to-container port: AppGigabitEthernet port number and its internal interface. */
    public record AppGigPort(long port, String interfaceName, String portType, String bandwidth) {
    }
}
