package io.otelcol4j.processor.k8sattributes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The informer's own store, keeping of each object only a skeleton (name, namespace, uid,
 * resourceVersion) instead of the whole object: the informer needs it to tell adds from updates
 * and to report deletions after a re-list.
 *
 * <p>Every full object the informer stores (from a list or a watch event) is first handed to
 * {@code onPut}, which turns it into a compact record. This is where objects are consumed, not in
 * the event handler: fabric8 may hand handlers the stored object (here a skeleton) after a list.
 */
final class SkeletonStore<T extends HasMetadata> implements ItemStore<T> {
  private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();
  private final Supplier<T> factory;
  private final BiConsumer<@Nullable T, T> onPut;

  /**
   * @param onPut called with the previous skeleton (null for a new object) and the full object
   */
  SkeletonStore(Supplier<T> factory, BiConsumer<@Nullable T, T> onPut) {
    this.factory = factory;
    this.onPut = onPut;
  }

  @Override
  public String getKey(T obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public T put(String key, T obj) {
    T old = items.put(key, skeleton(obj));
    onPut.accept(old, obj);
    return old;
  }

  private T skeleton(T obj) {
    ObjectMeta src = obj.getMetadata();
    ObjectMeta meta = new ObjectMeta();
    if (src != null) {
      meta.setName(src.getName());
      meta.setNamespace(src.getNamespace() == null ? null : src.getNamespace().intern());
      meta.setUid(src.getUid());
      meta.setResourceVersion(src.getResourceVersion());
    }
    T t = factory.get();
    t.setMetadata(meta);
    return t;
  }

  @Override
  public T remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return items.get(key);
  }
}
