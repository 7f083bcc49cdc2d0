package io.appfleet.platform.secrets;

/** A device login. {@link #toString()} never shows the password, so it is safe in any log line. */
public record DeviceCredentials(String username, String password) {

    @Override
    public String toString() {
        return "DeviceCredentials[username=" + username + ", password=***]";
    }
}
