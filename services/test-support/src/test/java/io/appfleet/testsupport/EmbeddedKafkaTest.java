package io.appfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @AfterEach
    void clearOverride() {
        System.clearProperty(EmbeddedKafka.CLASSPATH_PROPERTY);
    }

    @Test
    void packagedClasspathNamesTheBrokerAndItsOwnDependencyVersions() {
        String classpath = EmbeddedKafka.brokerClasspath();
        var names = Arrays.stream(classpath.split(File.pathSeparator))
                .map(p -> Paths.get(p).getFileName().toString()).toList();
        assertTrue(names.stream().anyMatch(n -> n.startsWith("kafka_2.13-")), names.toString());
        for (String expected : new String[] {"kafka-clients-", "scala-library-", "log4j-core-", "log4j-slf4j-impl-"}) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(expected)), expected + " in " + names);
        }
    }

    @Test
    void overrideWithMissingJarsFailsClearly(@TempDir Path dir) throws Exception {
        Path present = Files.createFile(dir.resolve("kafka_2.13-9.9.9.jar"));
        System.setProperty(EmbeddedKafka.CLASSPATH_PROPERTY, present + File.pathSeparator + dir.resolve("gone.jar"));
        IllegalStateException e = assertThrows(IllegalStateException.class, EmbeddedKafka::brokerClasspath);
        assertTrue(e.getMessage().contains("gone.jar") && e.getMessage().contains(EmbeddedKafka.CLASSPATH_PROPERTY),
                e.getMessage());
    }

    @Test
    void overrideWithoutTheBrokerJarFailsClearly(@TempDir Path dir) throws Exception {
        System.setProperty(EmbeddedKafka.CLASSPATH_PROPERTY, Files.createFile(dir.resolve("other.jar")).toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, EmbeddedKafka::brokerClasspath);
        assertTrue(e.getMessage().contains("no kafka_2.13 jar"), e.getMessage());
    }

    @Test
    void aBrokerThatCannotStartReportsItsLog(@TempDir Path dir) throws Exception {
        // A broker jar that is not one: the child JVM fails at once and the message must say why and where.
        Path fake = Files.writeString(dir.resolve("kafka_2.13-0.0.0.jar"), "not a jar");
        System.setProperty(EmbeddedKafka.CLASSPATH_PROPERTY, fake.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EmbeddedKafka.start(dir.resolve("kafka")));
        assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("broker.log"), e.getMessage());
        assertTrue(e.getMessage().contains("ClassNotFoundException") || e.getMessage().contains("kafka"),
                e.getMessage());
    }
}
