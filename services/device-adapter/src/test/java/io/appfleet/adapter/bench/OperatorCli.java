package io.appfleet.adapter.bench;

import io.appfleet.drivers.ssh.SshClients;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

/**
 * What an operator does by hand, not through appfleet: stops an app on a device over the device's
 * own CLI (SSH exec) or RESTCONF. The benchmark uses it to make drift the adapter must repair.
 */
final class OperatorCli implements AutoCloseable {

    private final SshClient ssh = SshClients.startShared();
    private final HttpClient https;
    private final Duration timeout;

    OperatorCli(Duration timeout) throws Exception {
        this.timeout = timeout;
        SSLContext ctx = SSLContext.getInstance("TLS");
        // The operator accepts the device's self-signed certificate (a lab habit the adapter does not share).
        ctx.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
        https = HttpClient.newBuilder().sslContext(ctx).connectTimeout(timeout).build();
    }

    /** Stops {@code app} on the device; throws if the device does not confirm it. */
    void stop(String platform, String host, int port, String user, String password, String app) throws Exception {
        switch (platform) {
            case "iosxe" -> exec(host, port, user, password, "app-hosting stop appid " + app);
            case "iosxr" -> exec(host, port, user, password, "appmgr application stop name " + app);
            case "infix" -> restconfStop(host, port, user, password, app);
            default -> throw new IllegalArgumentException("platform " + platform);
        }
    }

    private void exec(String host, int port, String user, String password, String command) throws Exception {
        try (ClientSession s = ssh.connect(user, host, port).verify(timeout).getSession()) {
            s.addPasswordIdentity(password);
            s.auth().verify(timeout);
            String out = s.executeRemoteCommand(command);
            if (out.contains("% ") || out.contains("Invalid")) {
                throw new IllegalStateException(host + " refused '" + command + "': " + out.strip());
            }
        }
    }

    private void restconfStop(String host, int port, String user, String password, String app) throws Exception {
        URI uri = URI.create("https://" + host + ":" + port + "/restconf/data/infix-containers:containers/container=" + app + "/stop");
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/yang-data+json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> r = https.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(host + " refused the stop of " + app + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public void close() throws Exception {
        ssh.stop();
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }
    }
}
