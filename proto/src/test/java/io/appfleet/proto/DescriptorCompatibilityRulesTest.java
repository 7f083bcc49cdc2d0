package io.appfleet.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto.EnumReservedRange;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Proves the checker catches each kind of break, on small hand-built descriptors. */
class DescriptorCompatibilityRulesTest {

  /*
   * The baseline, as it would read in a .proto file:
   *
   *   package test.v1;
   *   enum Color { COLOR_UNSPECIFIED = 0; COLOR_RED = 1; COLOR_BLUE = 2; reserved 5 to 6; }
   *   message Thing {
   *     string id = 1;
   *     int64 count = 2;
   *     Color color = 3;
   *     repeated string tags = 4;
   *     map<string, string> labels = 5;
   *     oneof source { string url = 6; bytes blob = 7; }
   *     Part part = 8;
   *     reserved 9, 10 to 11;
   *     reserved "legacy";
   *     message Part { string name = 1; }
   *   }
   *   message Other { string note = 1; }
   */
  private static final FileDescriptorSet BASELINE = FileDescriptorSet.newBuilder()
      .addFile(FileDescriptorProto.newBuilder()
          .setName("test/v1/thing.proto")
          .setPackage("test.v1")
          .setSyntax("proto3")
          .addEnumType(EnumDescriptorProto.newBuilder()
              .setName("Color")
              .addValue(value("COLOR_UNSPECIFIED", 0))
              .addValue(value("COLOR_RED", 1))
              .addValue(value("COLOR_BLUE", 2))
              .addReservedRange(EnumReservedRange.newBuilder().setStart(5).setEnd(6)))
          .addMessageType(DescriptorProto.newBuilder()
              .setName("Thing")
              .addField(field("id", 1, Type.TYPE_STRING))
              .addField(field("count", 2, Type.TYPE_INT64))
              .addField(field("color", 3, Type.TYPE_ENUM).setTypeName(".test.v1.Color"))
              .addField(field("tags", 4, Type.TYPE_STRING).setLabel(Label.LABEL_REPEATED))
              .addField(field("labels", 5, Type.TYPE_MESSAGE)
                  .setLabel(Label.LABEL_REPEATED)
                  .setTypeName(".test.v1.Thing.LabelsEntry"))
              .addField(field("url", 6, Type.TYPE_STRING).setOneofIndex(0))
              .addField(field("blob", 7, Type.TYPE_BYTES).setOneofIndex(0))
              .addField(field("part", 8, Type.TYPE_MESSAGE).setTypeName(".test.v1.Thing.Part"))
              .addOneofDecl(OneofDescriptorProto.newBuilder().setName("source"))
              .addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(9).setEnd(10))
              .addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(10).setEnd(12))
              .addReservedName("legacy")
              .addNestedType(DescriptorProto.newBuilder()
                  .setName("LabelsEntry")
                  .addField(field("key", 1, Type.TYPE_STRING))
                  .addField(field("value", 2, Type.TYPE_STRING))
                  .setOptions(MessageOptions.newBuilder().setMapEntry(true)))
              .addNestedType(DescriptorProto.newBuilder()
                  .setName("Part")
                  .addField(field("name", 1, Type.TYPE_STRING))))
          .addMessageType(DescriptorProto.newBuilder()
              .setName("Other")
              .addField(field("note", 1, Type.TYPE_STRING))))
      .build();

  @Test
  void unchangedSchemaPasses() {
    assertEquals(List.of(), DescriptorCompatibility.check(BASELINE, BASELINE));
  }

  @Test
  void additionsPass() {
    assertPasses(file -> {
      DescriptorProto.Builder thing = thing(file);
      thing.addField(field("extra", 12, Type.TYPE_STRING));  // first number after reserved 10..11
      thing.addField(field("path", 13, Type.TYPE_STRING).setOneofIndex(0));
      thing.addNestedType(DescriptorProto.newBuilder().setName("Detail"));
      file.getEnumTypeBuilder(0).addValue(value("COLOR_GREEN", 3));
      file.addEnumType(EnumDescriptorProto.newBuilder().setName("Shape")
          .addValue(value("SHAPE_UNSPECIFIED", 0)));
      file.addMessageType(DescriptorProto.newBuilder().setName("Fresh"));
    });
  }

  @Test
  void removedFieldWithoutReservationFails() {
    assertFails(file -> removeField(thing(file), 2),
        "test.v1.Thing", "field 2 'count'", "removed without reserving");
  }

  @Test
  void removedFieldWithReservationPasses() {
    assertPasses(file -> {
      removeField(thing(file), 2);
      thing(file).addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(2).setEnd(3));
    });
  }

  @Test
  void changedScalarTypeFails() {
    assertFails(file -> field(thing(file), 2).setType(Type.TYPE_STRING),
        "field 2 'count'", "changed type from int64 to string");
  }

  @Test
  void changedMessageOrEnumTypeNameFails() {
    assertFails(file -> {
      file.addEnumType(EnumDescriptorProto.newBuilder().setName("Shade")
          .addValue(value("SHADE_UNSPECIFIED", 0)));
      field(thing(file), 3).setTypeName(".test.v1.Shade");
    }, "field 3 'color'", "enum .test.v1.Color to enum .test.v1.Shade");
  }

  @Test
  void renamedFieldFails() {
    assertFails(file -> field(thing(file), 1).setName("identifier"),
        "field 1 'id'", "renamed to 'identifier'");
  }

  @Test
  void singularToRepeatedFails() {
    assertFails(file -> field(thing(file), 1).setLabel(Label.LABEL_REPEATED),
        "field 1 'id'", "from singular to repeated");
  }

  @Test
  void mapToRepeatedMessageFails() {
    assertFails(file -> field(thing(file), 5).setTypeName(".test.v1.Thing.Part"),
        "field 5 'labels'", "from map to repeated");
  }

  @Test
  void movingFieldIntoOneofFails() {
    assertFails(file -> field(thing(file), 1).setOneofIndex(0),
        "field 1 'id'", "moved (no oneof) to oneof 'source'");
  }

  @Test
  void movingFieldOutOfOneofFails() {
    assertFails(file -> field(thing(file), 7).clearOneofIndex(),
        "field 7 'blob'", "moved oneof 'source' to (no oneof)");
  }

  @Test
  void addingProto3OptionalPresencePasses() {
    // `int64 count = 2;` -> `optional int64 count = 2;`: same bytes, protoc adds a synthetic
    // oneof that must not count as a oneof move.
    assertPasses(file -> {
      thing(file).addOneofDecl(OneofDescriptorProto.newBuilder().setName("_count"));
      field(thing(file), 2).setProto3Optional(true).setOneofIndex(1);
    });
  }

  @Test
  void reusedReservedFieldNumberFails() {
    assertFails(file -> thing(file).addField(field("again", 11, Type.TYPE_STRING)),
        "field 11 'again'", "reuses a reserved number");
  }

  @Test
  void reusedReservedFieldNameFails() {
    assertFails(file -> thing(file).addField(field("legacy", 12, Type.TYPE_STRING)),
        "field 12 'legacy'", "reuses a reserved name");
  }

  @Test
  void removedMessageFails() {
    assertFails(file -> file.removeMessageType(1), "test.v1.Other: message removed");
  }

  @Test
  void removedNestedMessageFails() {
    assertFails(file -> thing(file).removeNestedType(1), "test.v1.Thing.Part: message removed");
  }

  @Test
  void removedFieldOfNestedMessageFails() {
    assertFails(file -> thing(file).getNestedTypeBuilder(1).removeField(0),
        "test.v1.Thing.Part: field 1 'name'", "removed without reserving");
  }

  @Test
  void removedEnumFails() {
    assertFails(file -> file.removeEnumType(0), "test.v1.Color: enum removed");
  }

  @Test
  void removedEnumValueWithoutReservationFails() {
    assertFails(file -> file.getEnumTypeBuilder(0).removeValue(2),
        "test.v1.Color: value 2 'COLOR_BLUE'", "removed without reserving");
  }

  @Test
  void removedEnumValueWithReservationPasses() {
    assertPasses(file -> file.getEnumTypeBuilder(0).removeValue(2)
        .addReservedRange(EnumReservedRange.newBuilder().setStart(2).setEnd(2)));
  }

  @Test
  void renamedEnumValueFails() {
    assertFails(file -> file.getEnumTypeBuilder(0).getValueBuilder(2).setName("COLOR_NAVY"),
        "test.v1.Color: value 2 'COLOR_BLUE'", "renamed to 'COLOR_NAVY'");
  }

  @Test
  void reusedReservedEnumNumberFails() {
    // Enum reserved ranges include their end: 6 is reserved by `reserved 5 to 6`.
    assertFails(file -> file.getEnumTypeBuilder(0).addValue(value("COLOR_PINK", 6)),
        "test.v1.Color: value 6 'COLOR_PINK'", "reuses a reserved number");
  }

  @Test
  void reportsEveryBreakNotJustTheFirst() {
    List<String> violations = DescriptorCompatibility.check(BASELINE, modified(file -> {
      removeField(thing(file), 2);
      field(thing(file), 1).setType(Type.TYPE_BYTES);
      file.getEnumTypeBuilder(0).removeValue(1);
    }));
    assertEquals(3, violations.size(), () -> String.join("\n", violations));
  }

  // --- helpers ---

  private static void assertPasses(Consumer<FileDescriptorProto.Builder> change) {
    assertEquals(List.of(), DescriptorCompatibility.check(BASELINE, modified(change)));
  }

  private static void assertFails(Consumer<FileDescriptorProto.Builder> change,
      String... fragments) {
    List<String> violations = DescriptorCompatibility.check(BASELINE, modified(change));
    assertTrue(violations.stream().anyMatch(v -> List.of(fragments).stream().allMatch(v::contains)),
        () -> "expected a violation containing " + List.of(fragments) + " but got " + violations);
  }

  private static FileDescriptorSet modified(Consumer<FileDescriptorProto.Builder> change) {
    FileDescriptorSet.Builder set = BASELINE.toBuilder();
    change.accept(set.getFileBuilder(0));
    return set.build();
  }

  private static DescriptorProto.Builder thing(FileDescriptorProto.Builder file) {
    return file.getMessageTypeBuilder(0);
  }

  private static FieldDescriptorProto.Builder field(DescriptorProto.Builder message, int number) {
    return message.getFieldBuilderList().stream()
        .filter(f -> f.getNumber() == number)
        .findFirst()
        .orElseThrow();
  }

  private static void removeField(DescriptorProto.Builder message, int number) {
    for (int i = 0; i < message.getFieldCount(); i++) {
      if (message.getField(i).getNumber() == number) {
        message.removeField(i);
        return;
      }
    }
    throw new IllegalArgumentException("no field " + number);
  }

  private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(Label.LABEL_OPTIONAL);
  }

  private static EnumValueDescriptorProto value(String name, int number) {
    return EnumValueDescriptorProto.newBuilder().setName(name).setNumber(number).build();
  }
}
