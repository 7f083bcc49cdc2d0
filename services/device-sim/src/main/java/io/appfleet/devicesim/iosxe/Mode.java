package io.appfleet.devicesim.iosxe;

/** CLI modes; each knows its prompt suffix and the mode {@code exit} returns to. */
enum Mode {
    EXEC("#", null),
    CONFIG("(config)#", EXEC),
    APP_HOSTING("(config-app-hosting)#", CONFIG),
    /** {@code app-vnic …} opens a sub-mode for the guest interface's addressing, as on the device. */
    APP_VNIC("(config-config-app-hosting-vnic)#", APP_HOSTING),
    APP_DOCKER("(config-app-hosting-docker)#", APP_HOSTING),
    APP_PROFILE("(config-app-resource-profile-custom)#", APP_HOSTING),
    POLICY_MAP("(config-pmap)#", CONFIG),
    POLICY_CLASS("(config-pmap-c)#", POLICY_MAP);

    final String promptSuffix;
    final Mode parent;

    Mode(String promptSuffix, Mode parent) {
        this.promptSuffix = promptSuffix;
        this.parent = parent;
    }
}
