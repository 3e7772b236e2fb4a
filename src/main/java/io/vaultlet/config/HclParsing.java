package io.vaultlet.config;

import io.vaultlet.config.hcl.ObjectNode;

/** The bridge to the HCL1 parser: a parse error becomes a {@link Problem} at the parser's position. */
final class HclParsing {

  private HclParsing() {}

  static ObjectNode parse(String fileName, String text) throws ConfigException {
    throw new ConfigException(Problem.at(fileName, "HCL parser not available yet"));
  }
}
