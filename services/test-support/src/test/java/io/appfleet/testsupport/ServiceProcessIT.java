package io.appfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.appfleet.testsupport.fake.FakeService;

class ServiceProcessIT {

    @TempDir
    static Path dir;
    static Path jar;

    /** Packages FakeService like a runnable service jar, so the test exercises the real {@code java -jar} path. */
    @BeforeAll
    static void packageFakeService() throws IOException {
        jar = dir.resolve("quarkus-app").resolve("quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    @Test
    void startsWaitsForReadinessPassesConfigAndSurvivesKillAndRestart() throws Exception {
        Path log = dir.resolve("logs").resolve("fake.log");
        try (ServiceProcess svc = ServiceProcess.builder("fake", jar)
                .config("fake.notReadyPolls", "3")
                .config("appfleet.greeting", "hello world")
                .config("quarkus.datasource.password", "s3cret-value")
                .logFile(log)
                .stopGrace(Duration.ofSeconds(10))
                .start()) {
            svc.awaitReady(Duration.ofSeconds(30));
            assertEquals("http://127.0.0.1:" + svc.port(), svc.baseUrl());
            assertEquals("hello world", get(svc, "/config?appfleet.greeting"));
            assertEquals("s3cret-value", get(svc, "/config?quarkus.datasource.password"), "secret reaches the child");
            assertEquals("127.0.0.1", get(svc, "/config?quarkus.http.host"));
            assertFalse(Files.readString(log).contains("s3cret-value"), "the log never shows a secret");

            long firstPid = svc.pid();
            svc.kill();
            assertFalse(svc.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));

            svc.restart().awaitReady(Duration.ofSeconds(30));
            assertNotEquals(firstPid, svc.pid());
            assertEquals("hello world", get(svc, "/config?appfleet.greeting"), "same config after restart");

            svc.stop();
            assertFalse(svc.isRunning());
            assertTrue(Files.readString(log).contains("fake service stopping"), "stop() is a graceful SIGTERM");
        }
    }

    @Test
    void reportsACrashWithTheLogTail() {
        try (ServiceProcess svc = ServiceProcess.builder("crashy", jar).config("fake.crash", "true")
                .logFile(dir.resolve("crashy.log")).start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> svc.awaitReady(Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("exited with code 7"), e.getMessage());
            assertTrue(e.getMessage().contains("crashing on purpose"), e.getMessage());
        }
    }

    @Test
    void refusesAMissingJarClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServiceProcess.forModule("ghost", dir.resolve("no-such-module")).start());
        assertTrue(e.getMessage().contains("quarkus-run.jar does not exist"), e.getMessage());
    }

    private static String get(ServiceProcess svc, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(svc.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
