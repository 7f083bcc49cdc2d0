package io.appfleet.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a schema with a baseline of it and lists every change that would break a reader or
 * writer built from the baseline. Records on compacted topics live forever and services upgrade
 * one at a time, so old and new code must keep understanding each other's bytes (and JSON).
 *
 * <p>Types are matched by full name across all files, so moving a message to another file is
 * fine. Additions are always fine. Turning a singular field into a proto3 {@code optional} one
 * (or back) is accepted: the wire format is the same, only presence tracking changes.
 */
final class DescriptorCompatibility {

  private DescriptorCompatibility() {}

  /** Returns one human-readable line per breaking change; empty when current is compatible. */
  static List<String> check(FileDescriptorSet baseline, FileDescriptorSet current) {
    Types before = Types.of(baseline);
    Types after = Types.of(current);
    List<String> violations = new ArrayList<>();

    before.messages.forEach((name, old) -> {
      DescriptorProto now = after.messages.get(name);
      if (now == null) {
        violations.add(name + ": message removed");
      } else {
        checkMessage(name, old, now, before, after, violations);
      }
    });
    before.enums.forEach((name, old) -> {
      EnumDescriptorProto now = after.enums.get(name);
      if (now == null) {
        violations.add(name + ": enum removed");
      } else {
        checkEnum(name, old, now, violations);
      }
    });
    return violations;
  }

  private static void checkMessage(String name, DescriptorProto old, DescriptorProto now,
      Types before, Types after, List<String> violations) {
    Map<Integer, FieldDescriptorProto> nowByNumber = new LinkedHashMap<>();
    now.getFieldList().forEach(f -> nowByNumber.put(f.getNumber(), f));

    for (FieldDescriptorProto was : old.getFieldList()) {
      String where = name + ": field " + was.getNumber() + " '" + was.getName() + "'";
      FieldDescriptorProto is = nowByNumber.get(was.getNumber());
      if (is == null) {
        if (!isReserved(now, was.getNumber())) {
          violations.add(where + " removed without reserving its number");
        }
        continue;
      }
      if (!was.getName().equals(is.getName())) {
        violations.add(where + " renamed to '" + is.getName() + "'");
      }
      String typeWas = typeOf(was);
      String typeIs = typeOf(is);
      if (!typeWas.equals(typeIs)) {
        violations.add(where + " changed type from " + typeWas + " to " + typeIs);
      }
      String cardinalityWas = cardinality(was, before);
      String cardinalityIs = cardinality(is, after);
      if (!cardinalityWas.equals(cardinalityIs)) {
        violations.add(
            where + " changed cardinality from " + cardinalityWas + " to " + cardinalityIs);
      }
      String oneofWas = oneofOf(old, was);
      String oneofIs = oneofOf(now, is);
      if (!Objects.equals(oneofWas, oneofIs)) {
        violations.add(where + " moved " + describeOneof(oneofWas) + " to " + describeOneof(oneofIs));
      }
    }

    for (FieldDescriptorProto is : now.getFieldList()) {
      String where = name + ": field " + is.getNumber() + " '" + is.getName() + "'";
      if (isReserved(old, is.getNumber())) {
        violations.add(where + " reuses a reserved number");
      }
      if (old.getReservedNameList().contains(is.getName())) {
        violations.add(where + " reuses a reserved name");
      }
    }
  }

  private static void checkEnum(String name, EnumDescriptorProto old, EnumDescriptorProto now,
      List<String> violations) {
    for (EnumValueDescriptorProto was : old.getValueList()) {
      String where = name + ": value " + was.getNumber() + " '" + was.getName() + "'";
      List<String> namesNow = now.getValueList().stream()
          .filter(v -> v.getNumber() == was.getNumber())
          .map(EnumValueDescriptorProto::getName)
          .toList();
      if (namesNow.isEmpty()) {
        if (!isReserved(now, was.getNumber())) {
          violations.add(where + " removed without reserving its number");
        }
      } else if (!namesNow.contains(was.getName())) {
        violations.add(where + " renamed to '" + String.join("', '", namesNow) + "'");
      }
    }
    for (EnumValueDescriptorProto is : now.getValueList()) {
      String where = name + ": value " + is.getNumber() + " '" + is.getName() + "'";
      if (isReserved(old, is.getNumber())) {
        violations.add(where + " reuses a reserved number");
      }
      if (old.getReservedNameList().contains(is.getName())) {
        violations.add(where + " reuses a reserved name");
      }
    }
  }

  // Message reserved ranges are end-exclusive ...
  private static boolean isReserved(DescriptorProto message, int number) {
    return message.getReservedRangeList().stream()
        .anyMatch(r -> number >= r.getStart() && number < r.getEnd());
  }

  // ... but enum reserved ranges are end-inclusive (see descriptor.proto).
  private static boolean isReserved(EnumDescriptorProto enumType, int number) {
    return enumType.getReservedRangeList().stream()
        .anyMatch(r -> number >= r.getStart() && number <= r.getEnd());
  }

  private static String typeOf(FieldDescriptorProto field) {
    String type = field.getType().name().substring("TYPE_".length()).toLowerCase();
    return field.hasTypeName() ? type + " " + field.getTypeName() : type;
  }

  private static String cardinality(FieldDescriptorProto field, Types types) {
    if (field.getLabel() == FieldDescriptorProto.Label.LABEL_REPEATED) {
      DescriptorProto element = types.messages.get(stripDot(field.getTypeName()));
      boolean map = element != null && element.getOptions().getMapEntry();
      return map ? "map" : "repeated";
    }
    return field.getLabel() == FieldDescriptorProto.Label.LABEL_REQUIRED ? "required" : "singular";
  }

  /** The real oneof a field belongs to, or null; proto3 {@code optional} fields don't count. */
  private static String oneofOf(DescriptorProto message, FieldDescriptorProto field) {
    if (!field.hasOneofIndex() || field.getProto3Optional()) {
      return null;
    }
    return message.getOneofDecl(field.getOneofIndex()).getName();
  }

  private static String describeOneof(String oneof) {
    return oneof == null ? "(no oneof)" : "oneof '" + oneof + "'";
  }

  private static String stripDot(String typeName) {
    return typeName.startsWith(".") ? typeName.substring(1) : typeName;
  }

  /** Every message and enum of a descriptor set, nested ones included, by full name. */
  private record Types(Map<String, DescriptorProto> messages, Map<String, EnumDescriptorProto> enums) {

    static Types of(FileDescriptorSet set) {
      Types types = new Types(new LinkedHashMap<>(), new LinkedHashMap<>());
      for (FileDescriptorProto file : set.getFileList()) {
        String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
        file.getEnumTypeList().forEach(e -> types.enums.put(prefix + e.getName(), e));
        file.getMessageTypeList().forEach(m -> types.add(prefix + m.getName(), m));
      }
      return types;
    }

    private void add(String name, DescriptorProto message) {
      messages.put(name, message);
      message.getEnumTypeList().forEach(e -> enums.put(name + "." + e.getName(), e));
      message.getNestedTypeList().forEach(m -> add(name + "." + m.getName(), m));
    }
  }
}
