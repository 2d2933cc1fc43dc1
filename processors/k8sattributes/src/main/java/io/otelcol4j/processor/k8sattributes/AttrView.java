package io.otelcol4j.processor.k8sattributes;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A resource's attributes being enriched: reads see the original attributes and those added so
 * far; additions never overwrite, as upstream. Nothing is allocated until something is added.
 */
final class AttrView {
  private final List<KeyValue> original;
  private @Nullable List<KeyValue> added;

  AttrView(Resource resource) {
    this.original = resource.getAttributesList();
  }

  private @Nullable AnyValue get(String key) {
    for (int i = 0, n = original.size(); i < n; i++) {
      KeyValue kv = original.get(i);
      if (kv.getKey().equals(key)) {
        return kv.getValue();
      }
    }
    if (added != null) {
      for (KeyValue kv : added) {
        if (kv.getKey().equals(key)) {
          return kv.getValue();
        }
      }
    }
    return null;
  }

  /** A non-empty string attribute, or null (other types do not count, as upstream). */
  @Nullable String string(String key) {
    AnyValue v = get(key);
    if (v == null || v.getValueCase() != AnyValue.ValueCase.STRING_VALUE || v.getStringValue().isEmpty()) {
      return null;
    }
    return v.getStringValue();
  }

  /** An integer attribute (an int, or a string holding one), or -1. */
  long integer(String key) {
    AnyValue v = get(key);
    if (v == null) {
      return -1;
    }
    if (v.getValueCase() == AnyValue.ValueCase.INT_VALUE) {
      return v.getIntValue();
    }
    if (v.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
      try {
        return Long.parseLong(v.getStringValue());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  /** Adds {@code key} unless it is already present or {@code value} is null or empty. */
  void putIfAbsent(String key, @Nullable String value) {
    if (value == null || value.isEmpty() || get(key) != null) {
      return;
    }
    if (added == null) {
      added = new ArrayList<>(8);
    }
    added.add(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build());
  }

  /** Adds name/value pairs. */
  void putAllIfAbsent(String @Nullable [] attrs) {
    if (attrs == null) {
      return;
    }
    for (int i = 0; i < attrs.length; i += 2) {
      putIfAbsent(attrs[i], attrs[i + 1]);
    }
  }

  /** The enriched resource, or null when nothing was added. */
  @Nullable Resource result(Resource resource) {
    return added == null ? null : resource.toBuilder().addAllAttributes(added).build();
  }
}
