package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.appfleet.local.fake.FakeInventory;
import io.appfleet.testsupport.ServiceProcess;

/**
 * {@code up --exit-after-import} end to end with real embedded Kafka and PostgreSQL and a stand-in inventory
 * (the real inventory's own end-to-end IT replaces the stand-in once it exists).
 */
class AppfleetLocalIT {

    @Test
    void upStartsEverythingImportsTheExampleFleetAndStopsInOrder(@TempDir Path repo) throws Exception {
        AppfleetLocalTest.fakeCheckout(repo, false);
        packageFakeInventory(repo.resolve("services/inventory/target/quarkus-app/quarkus-run.jar"));
        Path csv = repo.resolve("deploy/examples/inventory/devices.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, String.join("\n",
                "id,platform,osVersion,host,port,transport,site,labels,cpuUnits,memoryMib,storageMib,adminState",
                "sw-ams-001,iosxe,17.12.4,127.0.1.1,22,ssh-cli,ams,role=edge;tier=1,1000,512,1024,enabled",
                "xr-fra-001,iosxr,7.11.2,127.0.2.1,22,ssh-cli,fra,role=core,2000,1024,2048,enabled",
                "infix-ams-001,infix,25.01.0,127.0.3.1,443,restconf,ams,role=cpe,500,256,512,enabled", ""));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int port = ServiceProcess.freePort();
        long t0 = System.nanoTime();
        int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("up", "--repo-root=" + repo, "--http-port-base=" + port, "--data-dir=" + repo.resolve("data"),
                        "--exit-after-import");
        System.out.printf("up --exit-after-import took %d ms%n%s%n", (System.nanoTime() - t0) / 1_000_000, out);

        assertEquals(0, rc, out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("imported 3 devices"), text);
        assertTrue(text.contains("http://127.0.0.1:" + port + "/api/v1/devices"), text);
        assertTrue(text.contains("http://127.0.0.1:" + port + "/q/swagger-ui"), text);
        assertTrue(text.contains("/q/metrics"), text);
        int services = text.indexOf("stopped inventory");
        int kafka = text.indexOf("stopped Kafka");
        int pg = text.indexOf("stopped PostgreSQL");
        assertTrue(services > 0 && kafka > services && pg > kafka, "stop order services, Kafka, PostgreSQL:\n" + text);
        String log = Files.readString(repo.resolve("data/logs/inventory.log"));
        assertTrue(log.contains("password given=true"), log);
        assertTrue(log.contains("fake inventory: stopping"), "inventory got a graceful stop:\n" + log);
        assertFalse(log.contains("-Dquarkus.datasource.password"), log);
        assertTrue(Files.isRegularFile(repo.resolve("data/kafka/broker.log")), "--data-dir keeps Kafka");
        assertTrue(Files.isDirectory(repo.resolve("data/postgres/pgdata")), "--data-dir keeps PostgreSQL");
    }

    private static void packageFakeInventory(Path jar) throws Exception {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeInventory.class.getName());
        String entry = FakeInventory.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream jarOut = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream in = FakeInventory.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
    }
}
