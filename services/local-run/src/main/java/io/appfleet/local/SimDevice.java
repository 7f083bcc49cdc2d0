package io.appfleet.local;

/** One simulated device: its inventory id and platform key (iosxe, iosxr, infix). */
record SimDevice(String id, String platform) {
}
