package io.otelcol4j.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.util.Base64;
import java.util.List;

/**
 * Writes any OTLP message as OTLP/JSON by walking its descriptor: the protobuf JSON mapping with
 * the OTLP exceptions (enums as integers, trace and span ids as lowercase hex). Fields that are
 * unset (or, without presence, at their default) are left out, as protobuf's JSON mapping does.
 */
final class JsonEncoder {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonEncoder() {}

  static void writeMessage(StringBuilder out, MessageOrBuilder message) {
    out.append('{');
    boolean first = true;
    List<FieldDescriptor> fields = message.getDescriptorForType().getFields();
    for (int f = 0, n = fields.size(); f < n; f++) {
      FieldDescriptor fd = fields.get(f);
      if (fd.isRepeated()) {
        // One reflective call for the whole list rather than one per element.
        List<?> values = (List<?>) message.getField(fd);
        int count = values.size();
        if (count == 0) {
          continue;
        }
        first = writeName(out, fd, first);
        out.append('[');
        for (int i = 0; i < count; i++) {
          if (i > 0) {
            out.append(',');
          }
          writeValue(out, fd, values.get(i));
        }
        out.append(']');
      } else if (message.hasField(fd)) {
        first = writeName(out, fd, first);
        writeValue(out, fd, message.getField(fd));
      }
    }
    out.append('}');
  }

  private static boolean writeName(StringBuilder out, FieldDescriptor fd, boolean first) {
    if (!first) {
      out.append(',');
    }
    out.append('"').append(fd.getJsonName()).append("\":");
    return false;
  }

  private static void writeValue(StringBuilder out, FieldDescriptor fd, Object value) {
    switch (fd.getType()) {
      case MESSAGE:
      case GROUP:
        writeMessage(out, (MessageOrBuilder) value);
        break;
      case STRING:
        writeString(out, (String) value);
        break;
      case BYTES:
        ByteString bytes = (ByteString) value;
        out.append('"');
        if (OtlpIds.isId(fd)) {
          for (int i = 0, n = bytes.size(); i < n; i++) {
            int b = bytes.byteAt(i) & 0xff;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
          }
        } else {
          out.append(Base64.getEncoder().encodeToString(bytes.toByteArray()));
        }
        out.append('"');
        break;
      case BOOL:
        out.append(((Boolean) value).booleanValue());
        break;
      case ENUM:
        out.append(((EnumValueDescriptor) value).getNumber());
        break;
      case INT32:
      case SINT32:
      case SFIXED32:
        out.append(((Integer) value).intValue());
        break;
      case UINT32:
      case FIXED32:
        out.append(Integer.toUnsignedString((Integer) value));
        break;
      case INT64:
      case SINT64:
      case SFIXED64:
        out.append('"').append(((Long) value).longValue()).append('"');
        break;
      case UINT64:
      case FIXED64:
        out.append('"').append(Long.toUnsignedString((Long) value)).append('"');
        break;
      case DOUBLE:
        writeDouble(out, (Double) value);
        break;
      case FLOAT:
        writeDouble(out, ((Float) value).doubleValue());
        break;
      default:
        throw new IllegalStateException("unexpected field type " + fd.getType() + " of " + fd.getFullName());
    }
  }

  static void writeDouble(StringBuilder out, double d) {
    if (Double.isNaN(d)) {
      out.append("\"NaN\"");
    } else if (Double.isInfinite(d)) {
      out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      // Integral values print without ".0", as the OTLP examples and Go's protojson write them.
      if (d == 0 && 1 / d < 0) {
        out.append("-0");
      } else {
        out.append((long) d);
      }
    } else {
      out.append(d);
    }
  }

  static void writeString(StringBuilder out, String s) {
    out.append('"');
    int start = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      String escape;
      if (c == '"') {
        escape = "\\\"";
      } else if (c == '\\') {
        escape = "\\\\";
      } else if (c >= 0x20 && c != 0x2028 && c != 0x2029) {
        continue;
      } else if (c == '\n') {
        escape = "\\n";
      } else if (c == '\r') {
        escape = "\\r";
      } else if (c == '\t') {
        escape = "\\t";
      } else {
        escape = String.format("\\u%04x", (int) c);
      }
      out.append(s, start, i).append(escape);
      start = i + 1;
    }
    out.append(s, start, s.length()).append('"');
  }
}
