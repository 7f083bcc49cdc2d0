package io.appfleet.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.TextFormat;
import io.appfleet.proto.fleet.v1.CommandsProto;
import io.appfleet.proto.fleet.v1.CommonProto;
import io.appfleet.proto.fleet.v1.DesiredProto;
import io.appfleet.proto.fleet.v1.DeviceProto;
import io.appfleet.proto.fleet.v1.EventsProto;
import io.appfleet.proto.fleet.v1.ObservedProto;
import io.appfleet.proto.fleet.v1.RolloutsProto;
import io.appfleet.proto.fleet.v1.TelemetryProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the fleet.v1 contract against breaking changes by comparing it with the committed
 * baseline src/test/resources/fleet-v1-baseline.txtpb.
 *
 * <p>After an intentional, compatible change (new fields, messages, enum values, reservations)
 * refresh the baseline and commit it with the change:
 *
 * <pre>./mvnw -pl proto verify -Dproto.baseline.update=true</pre>
 *
 * <p>The refresh refuses to run while the contract is incompatible with the old baseline. A
 * deliberate break belongs in a new package (fleet.v2), not in an edited baseline.
 */
class DescriptorCompatibilityTest {

  static final String UPDATE_PROPERTY = "proto.baseline.update";
  static final String BASELINE_RESOURCE = "fleet-v1-baseline.txtpb";

  /** Every file of the contract. everyContractFileIsChecked() fails when one is missing here. */
  static final List<FileDescriptor> CONTRACT = List.of(
      CommonProto.getDescriptor(),
      DeviceProto.getDescriptor(),
      DesiredProto.getDescriptor(),
      ObservedProto.getDescriptor(),
      EventsProto.getDescriptor(),
      TelemetryProto.getDescriptor(),
      RolloutsProto.getDescriptor(),
      CommandsProto.getDescriptor());

  private static final String HEADER = """
      # Baseline of the fleet.v1 contract (a google.protobuf.FileDescriptorSet in text format).
      # DescriptorCompatibilityTest fails when the .proto files break what is recorded here.
      # Do not edit by hand; after a compatible change refresh it with
      #   ./mvnw -pl proto verify -Dproto.baseline.update=true
      # and review its diff with the change.
      """;

  @Test
  void contractIsCompatibleWithBaseline() throws IOException {
    FileDescriptorSet current = currentContract();
    boolean update = Boolean.getBoolean(UPDATE_PROPERTY);
    FileDescriptorSet baseline = readBaseline(update);

    List<String> violations = DescriptorCompatibility.check(baseline, current);
    assertTrue(violations.isEmpty(), () -> "fleet.v1 changed incompatibly with "
        + BASELINE_RESOURCE + ":\n  " + String.join("\n  ", violations)
        + "\nReserve removed numbers (`reserved N;`) and keep names and types of existing"
        + " fields; a real break needs a new package (fleet.v2).");

    if (update) {
      Path target = baselineSourcePath();
      Files.createDirectories(target.getParent());
      Files.writeString(target, HEADER + TextFormat.printer().printToString(current),
          StandardCharsets.UTF_8);
      System.out.println("Rewrote " + target);
    }
  }

  @Test
  void everyContractFileIsChecked() throws IOException {
    // Lists the sources themselves (tests run in the module directory) to catch a new file that
    // nobody added to CONTRACT, and so to the baseline.
    Set<String> inSources;
    try (Stream<Path> files = Files.list(Path.of("src", "main", "proto", "fleet", "v1"))) {
      inSources = files.map(p -> "fleet/v1/" + p.getFileName())
          .filter(name -> name.endsWith(".proto"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertFalse(inSources.isEmpty(), "no .proto files under src/main/proto/fleet/v1");
    Set<String> checked = CONTRACT.stream().map(FileDescriptor::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(inSources, checked, "DescriptorCompatibilityTest.CONTRACT must list every file");
  }

  static FileDescriptorSet currentContract() {
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    CONTRACT.stream()
        .sorted(Comparator.comparing(FileDescriptor::getName))
        .forEach(file -> set.addFile(file.toProto()));
    return set.build();
  }

  private static FileDescriptorSet readBaseline(boolean update) throws IOException {
    InputStream in = DescriptorCompatibilityTest.class.getClassLoader()
        .getResourceAsStream(BASELINE_RESOURCE);
    if (in == null) {
      // Only the very first refresh may start from nothing.
      assertTrue(update, BASELINE_RESOURCE + " is missing; create it with -D" + UPDATE_PROPERTY
          + "=true and commit it");
      return FileDescriptorSet.getDefaultInstance();
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      FileDescriptorSet.Builder baseline = FileDescriptorSet.newBuilder();
      TextFormat.merge(reader, baseline);
      return baseline.build();
    }
  }

  // Surefire runs in the module directory and sets "basedir"; write the source copy, not the
  // one under target/.
  private static Path baselineSourcePath() {
    return Path.of(System.getProperty("basedir", "."), "src", "test", "resources",
        BASELINE_RESOURCE);
  }
}
