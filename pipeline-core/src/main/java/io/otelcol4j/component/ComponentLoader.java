package io.otelcol4j.component;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The one seam through which factories are discovered: {@link ServiceLoader} over the classpath
 * and, optionally, the jars of a plugins folder. No other reflection is used anywhere.
 */
public final class ComponentLoader {
  private ComponentLoader() {}

  @SuppressWarnings("rawtypes")
  private static final List<Class<? extends ComponentFactory>> SPI_TYPES =
      List.of(ReceiverFactory.class, ProcessorFactory.class, ExporterFactory.class, ExtensionFactory.class);

  /** The factories on the class path of {@code classLoader}. */
  public static ComponentRegistry fromClassLoader(ClassLoader classLoader) {
    return ComponentRegistry.of(load(classLoader));
  }

  /** The factories on the application class path. */
  public static ComponentRegistry fromClasspath() {
    return fromClassLoader(ComponentLoader.class.getClassLoader());
  }

  /**
   * The factories on the class path plus those in every {@code *.jar} of {@code pluginsDir}. A
   * plugin jar holds factories and their {@code META-INF/services} entries; it sees pipeline-core
   * and the distro's libraries through the parent class loader.
   *
   * @throws IOException when the folder cannot be listed
   */
  public static ComponentRegistry fromClasspathAndPlugins(Path pluginsDir) throws IOException {
    List<URL> jars = new ArrayList<>();
    if (Files.isDirectory(pluginsDir)) {
      try (Stream<Path> files = Files.list(pluginsDir)) {
        for (Path p : (Iterable<Path>) files.sorted()::iterator) {
          if (p.getFileName().toString().endsWith(".jar")) {
            jars.add(toUrl(p));
          }
        }
      }
    }
    if (jars.isEmpty()) {
      return fromClasspath();
    }
    // Never closed: plugin classes stay in use for the life of the process.
    URLClassLoader plugins = new URLClassLoader("otelcol4j-plugins", jars.toArray(new URL[0]),
        ComponentLoader.class.getClassLoader());
    return ComponentRegistry.of(load(plugins));
  }

  private static URL toUrl(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("plugin jar " + p + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("rawtypes")
  private static List<ComponentRegistry.Entry> load(ClassLoader cl) {
    List<ComponentRegistry.Entry> entries = new ArrayList<>();
    for (Class<? extends ComponentFactory> spi : SPI_TYPES) {
      try {
        for (ComponentFactory f : ServiceLoader.load(spi, cl)) {
          entries.add(new ComponentRegistry.Entry(f, origin(f.getClass())));
        }
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException("cannot load " + spi.getSimpleName() + " factories: " + e.getMessage(), e);
      }
    }
    return entries;
  }

  /** The jar (or directory) a class was loaded from. */
  public static String origin(Class<?> c) {
    CodeSource cs = c.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return "classpath";
    }
    try {
      return Path.of(cs.getLocation().toURI()).toString();
    } catch (Exception e) {
      return cs.getLocation().toString();
    }
  }
}
