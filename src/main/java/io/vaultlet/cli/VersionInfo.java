package io.vaultlet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The build's version, read from the filtered {@code version.properties} resource. */
public final class VersionInfo implements IVersionProvider {

  public static String version() {
    Properties props = new Properties();
    try (InputStream in = VersionInfo.class.getResourceAsStream("/io/vaultlet/version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return props.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"vaultlet v" + version()};
  }
}
