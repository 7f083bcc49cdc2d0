package io.appfleet.drivers;

/** Whether app hosting works on the device; {@code detail} says which component is not running. */
public record HostingStatus(boolean up, String detail) {
}
